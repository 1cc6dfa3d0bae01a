#!/usr/bin/env node
/**
 * `npm test`: formatting + lint, the type check and the mocha suite, all of them, at the same
 * time, lint and the type check at a lower CPU priority: the lab's tests mostly wait on timers
 * and daemons, so running everything side by side keeps both cores busy, and the priority keeps
 * mocha's start-up and the lab (the longest path) from queueing behind them.
 * Mocha's output streams live; the other two print when they are done (everything if they
 * failed, nothing if they passed). Exit status: 1 if any part failed.
 *
 * `node scripts/test-all.mjs --fast` (`npm run test:fast`): type check and mocha without the
 * network lab (no root needed) and with a quarter of each property test's random cases, for the
 * inner loop.
 */
import { spawn } from "node:child_process";
import * as os from "node:os";

const fast = process.argv.includes("--fast");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * Run an npm script with `args`; its output buffered unless `live`, `env` added to the
 * environment. Resolves with its exit status. `background` runs it at a lower CPU priority (nice
 * 10, inherited by what it starts): lint and the type check only need CPU time, while mocha's
 * start-up and the lab's files are the longest path.
 */
function run(script, { args = [], live = false, background = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(npm, ["run", "-s", script, ...(args.length ? ["--", ...args] : [])], {
      stdio: live ? "inherit" : ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    if (background && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        /* not allowed here: run at normal priority */
      }
    }
    let out = "";
    if (!live) {
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
    }
    child.on("close", (code) => resolve({ script, code: code ?? 1, out }));
  });
}

/** The tests that run the lab's real daemons and processes in network namespaces (root): not in --fast. */
const LAB_PROCESS_TESTS = ["test/lab-run-*.test.ts", "test/lab-gateway.test.ts", "test/lab-batch.test.ts", "test/lab-spawn-helper.test.ts"];

const parts = [
  ...(fast ? [] : [run("lint", { background: true })]),
  run("typecheck", { background: true }),
  // Without the lab every file is CPU-bound: one worker per core (a third worker on 2 cores cost
  // ~15 % more CPU and time). With it, .mocharc.cjs's four: the lab files mostly wait.
  // --fast: a quarter of each property test's cases (test/helpers/property-runs.ts); CI runs them all.
  fast
    ? run("mocha", {
        args: [...LAB_PROCESS_TESTS.flatMap((t) => ["--ignore", t]), "--jobs", String(os.availableParallelism())],
        live: true,
        env: { EHN_QUICK_PROPERTIES: "1" },
      })
    : run("mocha", { live: true }),
];
const results = await Promise.all(parts);
let failed = false;
for (const r of results) {
  if (r.code === 0) continue;
  failed = true;
  if (r.out) process.stderr.write(`\n--- npm run ${r.script} failed (exit ${r.code}) ---\n${r.out}`);
  else process.stderr.write(`\nnpm run ${r.script} failed (exit ${r.code})\n`);
}
process.exitCode = failed ? 1 : 0;
