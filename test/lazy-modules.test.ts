/**
 * `plan-runner/lazy-modules.ts` keeps `@pulumi/pulumi/automation`, `@npmcli/arborist` and the
 * TypeScript compiler out of a plan's start-up, and loads the real modules as soon as anything
 * reads from them.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { PROJECT_DIR } from "../plan-runner/run-program";

describe("deferred SDK modules", () => {
  it("are not loaded with @pulumi/pulumi, and are the real modules on first use", function () {
    this.timeout(60_000);
    const r = spawnSync(process.execPath, ["scripts/run-built.mjs", "test/fixtures/lazy-modules-check.ts"], {
      cwd: PROJECT_DIR,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.deepEqual(seen.before, { automation: false, arborist: false, typescript: false }, "deferred at start-up");
    assert.deepEqual(seen.used, { localWorkspace: "function", automationKeys: true, arborist: "function", parsedFunction: true });
    assert.deepEqual(seen.after, { automation: true, arborist: true, typescript: true }, "loaded on first use");
  });
});
