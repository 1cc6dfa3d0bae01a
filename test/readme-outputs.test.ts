/**
 * README "Stack outputs": lists exactly the outputs `stacks/program.ts` returns, each marked
 * secret exactly when the program makes it a secret, so the reference cannot drift.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { runStack } from "./helpers/run-stack";

function documentedOutputs(): Map<string, string> {
  const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
  const section = /<!-- stack-outputs:begin[^>]*-->([\s\S]*?)<!-- stack-outputs:end -->/.exec(readme);
  assert.ok(section, "README has the stack-outputs block");
  const rows = new Map<string, string>();
  for (const m of section[1].matchAll(/^\| `([A-Za-z0-9]+)` \| (yes|no) \|/gm)) rows.set(m[1], m[2]);
  return rows;
}

describe("README stack outputs reference", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack}: lists every output of the program, and only those, with its secretness`, async () => {
      const run = await runStack(stack);
      const docs = documentedOutputs();
      assert.deepEqual([...docs.keys()].sort(), Object.keys(run.outputs).sort());
      const secret = Object.keys(run.outputs)
        .filter((k) => run.outputs[k] === "[secret]")
        .sort();
      assert.ok(secret.length > 0);
      assert.deepEqual(
        [...docs]
          .filter(([, s]) => s === "yes")
          .map(([k]) => k)
          .sort(),
        secret,
      );
    });
  }
});
