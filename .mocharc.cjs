// Mocha's configuration. The spec is a list, not overlapping globs: with a file named both by
// itself and by a glob, mocha's parallel mode sometimes runs it twice.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
const fs = require("node:fs");

// The lab's files first: they wait on daemons and child processes most of the time, so starting
// them first lets the CPU-bound files fill the cores around them instead of after them.
const first = ["test/lab-run-twin.test.ts", "test/lab-run-bgp.test.ts", "test/lab-run-static.test.ts", "test/lab-gateway.test.ts"];
const rest = fs
  .readdirSync("test")
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f}`)
  .filter((f) => !first.includes(f))
  .sort();

module.exports = {
  require: ["tsx/cjs", "test/helpers/quiet-runtime-warnings.ts"],
  spec: [...first, ...rest],
  extension: ["ts"],
  timeout: 60000,
  reporter: "spec",
  parallel: true,
  jobs: 3,
};
