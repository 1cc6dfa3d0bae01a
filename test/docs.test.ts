import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderConfigReference } from "../components/plan/config-reference";
import { CONFIG_RULES, renderRuleTable } from "../components/plan/config-rules/registry";
import { stackConfigSchema } from "../components/plan/config-schema";

describe("README", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");

  it("config reference matches the schema (regenerate with npm run docs:config)", () => {
    const start = readme.indexOf("<!-- config-reference:begin");
    const end = readme.indexOf("<!-- config-reference:end -->");
    assert.ok(start >= 0 && end > start, "README has the config reference markers");
    const section = readme.slice(readme.indexOf("\n", start) + 1, end);
    assert.equal(section, renderConfigReference());
  });

  it("rule list matches the rule table (regenerate with npm run docs:config)", () => {
    const start = readme.indexOf("<!-- rule-table:begin");
    const end = readme.indexOf("<!-- rule-table:end -->");
    assert.ok(start >= 0 && end > start, "README has the rule-table markers");
    assert.equal(readme.slice(readme.indexOf("\n", start) + 1, end), renderRuleTable());
  });

  it("every rule has a unique id, a source and reads only keys the schema has", () => {
    const ids = CONFIG_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, "rule ids are unique");
    for (const r of CONFIG_RULES) {
      assert.match(r.source, /^https:\/\//, `${r.id} cites a source URL`);
      for (const key of r.reads) {
        let s: any = stackConfigSchema;
        for (const part of key.split(".")) {
          const [name, list] = [part.replace(/\[\]$/, ""), part.endsWith("[]")];
          while (s.unwrap && !s.shape) s = s.unwrap();
          s = s.shape?.[name];
          assert.ok(s, `${r.id} reads ${key}, which is not a config key`);
          while (s.unwrap && !s.shape && !s.element) s = s.unwrap();
          if (list) s = s.element;
        }
      }
    }
  });

  it("shows the two commands that work on a fresh machine", () => {
    assert.match(readme, /npm ci && npm run plan -- --stack dev/);
    assert.match(readme, /npm ci && npm test/);
  });
});
