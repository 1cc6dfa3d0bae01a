/**
 * Skipping lab suites where the lab cannot run, except in CI: one rule for every lab test file.
 */
import { missingPrerequisites } from "../../lab/preflight";

/**
 * A `before` hook that skips the suite when `missing` (what the machine lacks: not root,
 * FRR/GoBGP/iproute2 …) is not empty, naming it — unless LAB_REQUIRED=1 (`.ci/run`, the PR test
 * job), where that is a failure, so that CI cannot skip the lab silently. Use as the suite's first
 * `before` hook.
 */
export function requireLab(what = "network lab", missing: readonly string[] = missingPrerequisites()): (this: Mocha.Context) => void {
  return function () {
    if (!missing.length) return;
    const msg = `${what} cannot run here; missing: ${missing.join("; ")}`;
    if (process.env.LAB_REQUIRED === "1")
      throw new Error(`${msg} (LAB_REQUIRED=1: the lab must run here; install lab/apt-packages.txt and run as root)`);
    console.log(`    skipped: ${msg}`);
    this.skip();
  };
}
