import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderConfigReference } from "../components/plan/config-reference";

describe("README", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");

  it("config reference matches the schema (regenerate with npm run docs:config)", () => {
    const start = readme.indexOf("<!-- config-reference:begin");
    const end = readme.indexOf("<!-- config-reference:end -->");
    assert.ok(start >= 0 && end > start, "README has the config reference markers");
    const section = readme.slice(readme.indexOf("\n", start) + 1, end);
    assert.equal(section, renderConfigReference());
  });

  it("shows the two commands that work on a fresh machine", () => {
    assert.match(readme, /npm ci && npm run plan -- --stack dev/);
    assert.match(readme, /npm ci && npm test/);
  });
});
