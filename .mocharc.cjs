// Mocha's configuration. The spec is a list, not overlapping globs: with a file named both by
// itself and by a glob, mocha's parallel mode sometimes runs it twice.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
const fs = require("node:fs");

// Workers take the files in this order, so the longest go first (measured on the 2-core CI
// machine, npm test, 2026-11-30): the lab's files (20–50 s each; they wait on daemons and child
// processes most of the time, and the CPU-bound files fill the cores around them), then the
// slowest of the others (5–11 s), then the rest (≤ 4 s) by name.
const first = [
  "test/lab-run-twin.test.ts",
  "test/lab-run-bgp.test.ts",
  "test/lab-run-static-faults.test.ts",
  "test/lab-run-static.test.ts",
  "test/lab-gateway.test.ts",
  "test/policy-corpus.test.ts",
  "test/validate-manifests.test.ts",
  "test/policy-stacks.test.ts",
  "test/lab-spawn-helper.test.ts",
  "test/stack-file-yaml.test.ts",
  "test/webhook-placement-policy.test.ts",
  "test/policy-unknown-sweep.test.ts",
];
const rest = fs
  .readdirSync("test")
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f}`)
  .filter((f) => !first.includes(f))
  .sort();

module.exports = {
  require: ["tsx/cjs", "test/helpers/quiet-runtime-warnings.ts", "test/helpers/property-runs.ts"],
  spec: [...first, ...rest],
  extension: ["ts"],
  timeout: 60000,
  reporter: "spec",
  parallel: true,
  jobs: 4,
};
