/**
 * `npm run plan -- --stack NAME`: run the real program for `Pulumi.NAME.yaml` under Pulumi's mock
 * runtime, write `out/NAME/`, and print what would be created. Bad config: the problems, exit 1.
 */
import * as path from "node:path";
import { runProgram, PROJECT_DIR } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import { summarize } from "../plan-runner/summary";
import { formatViolations, runPolicies } from "../policy/harness";
import program from "../index";

function usage(): never {
  console.error("usage: npm run plan -- --stack NAME [--dir DIR]   (reads DIR/Pulumi.NAME.yaml, writes DIR/out/NAME/; DIR: the project)");
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf("--stack");
  const stack = i >= 0 ? args[i + 1] : undefined;
  if (!stack || stack.startsWith("-")) usage();
  const d = args.indexOf("--dir");
  const dir = d >= 0 ? path.resolve(args[d + 1] ?? usage()) : PROJECT_DIR;
  const run = await runProgram(stack, { dir, program });
  const outDir = path.join(dir, "out", stack);
  const policyReport = await runPolicies(run.registrations, { stack });
  const files = writeOut(run, outDir, { "policy-report.json": JSON.stringify(policyReport, null, 2) + "\n" });
  console.log(summarize(run));
  const violations = formatViolations(policyReport);
  console.log(
    `\npolicy pack: ${policyReport.results.length} policies, ${violations.length} violation${violations.length === 1 ? "" : "s"}${violations.map((v) => `\n  ${v}`).join("")}`,
  );
  console.log(`\nwrote ${files.length} files to ${path.relative(process.cwd(), outDir) || "."}/`);
}

main().catch((err: unknown) => {
  const e = err as { message?: string; name?: string };
  // Config problems and other expected failures carry a complete message: print only that.
  console.error(`plan failed: ${e?.message ?? String(err)}`);
  process.exit(1);
});
