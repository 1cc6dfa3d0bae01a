/**
 * `npm run plan -- --stack NAME`: run the real program for `Pulumi.NAME.yaml` under Pulumi's mock
 * runtime, write `out/NAME/`, and print what would be created. Bad config: the problems, exit 1,
 * and `out/NAME/` removed so that no tool reads a previous run's files as the current plan.
 *
 * The process is never ended with `process.exit`: it sets `process.exitCode` and lets Node end
 * once stdout and stderr have drained, so a long problem list survives a pipe (`| tee`, CI logs).
 */
// First: defers SDK modules a plan never uses (before anything loads @pulumi/pulumi).
import "../plan-runner/lazy-modules";
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram, PROJECT_DIR } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import { summarize } from "../plan-runner/summary";
import { formatViolations, runPolicies } from "../policy/harness";
import { failureMessage, stackArg } from "../plan-runner/cli";
import program from "../index";

const USAGE = "usage: npm run plan -- --stack NAME [--dir DIR]   (reads DIR/Pulumi.NAME.yaml, writes DIR/out/NAME/; DIR: the project)";

async function main(): Promise<void> {
  const stack = stackArg(process.argv.slice(2));
  if (!stack) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const d = process.argv.indexOf("--dir");
  const dir = d >= 0 ? path.resolve(process.argv[d + 1] ?? ".") : PROJECT_DIR;
  const outDir = path.join(dir, "out", stack);
  try {
    const run = await runProgram(stack, { dir, program });
    const policyReport = await runPolicies(run.registrations, { stack });
    const files = writeOut(run, outDir, { "policy-report.json": JSON.stringify(policyReport, null, 2) + "\n" });
    console.log(summarize(run));
    const violations = formatViolations(policyReport);
    console.log(
      `\npolicy pack: ${policyReport.results.length} policies, ${violations.length} violation${violations.length === 1 ? "" : "s"}${violations.map((v) => `\n  ${v}`).join("")}`,
    );
    console.log(`\nwrote ${files.length} files to ${path.relative(process.cwd(), outDir) || "."}/`);
  } catch (err) {
    const removed = fs.existsSync(outDir);
    fs.rmSync(outDir, { recursive: true, force: true });
    console.error(`plan failed: ${failureMessage(err)}`);
    if (removed)
      console.error(`removed ${path.relative(process.cwd(), outDir)}/ (the previous run's files would read as the current plan)`);
    process.exitCode = 1;
  }
}

// Pulumi's stack promise rejects with the same error main() reports; anything else gets one line.
process.on("unhandledRejection", (err) => {
  if (process.exitCode) return;
  console.error(`plan failed: ${failureMessage(err)}`);
  process.exitCode = 1;
});
void main();
