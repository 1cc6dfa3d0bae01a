/**
 * The plan runner turns the SDK's per-promise leak tracking off under the mocks
 * (`plan-runner/run-program.ts`, `leanDebuggablePromises`): a program that never finishes must
 * still end with the SDK's report and exit code 1, naming the pending registration, and a
 * program that finishes must not get one.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { PROJECT_DIR } from "../plan-runner/run-program";

function runFixture(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["scripts/run-built.mjs", "test/fixtures/program-never-finishes.ts", ...args], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    env: { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("plan runner: a program that never finishes", () => {
  it("exits 1 with the SDK's report naming the registration still pending", function () {
    this.timeout(60_000);
    const r = runFixture("stuck");
    assert.doesNotMatch(r.stdout, /finished/);
    assert.equal(r.status, 1, `exit code (stderr: ${r.stderr.slice(-500)})`);
    assert.match(r.stderr, /stuck-thing/, "names the pending registration");
    assert.match(r.stderr, /test:index:Thing/);
  });

  it("a program that finishes exits 0 without a leak report", function () {
    this.timeout(60_000);
    const r = runFixture();
    assert.match(r.stdout, /finished/);
    assert.equal(r.status, 0, `exit code (stderr: ${r.stderr.slice(-500)})`);
    assert.doesNotMatch(r.stderr, /still active|pending|leak/i);
  });
});
