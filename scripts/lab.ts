/**
 * `npm run lab -- --stack NAME [--input DIR]`: prove the stack's on-prem routing with real
 * daemons in network namespaces (see lab/). Without --input it first renders `out/NAME/` the way
 * `npm run plan` does and reads the router config and manifests from there. Writes
 * `out/NAME/lab-report.json`.
 * Exit codes: 0 every check passed, 1 a check failed or the lab broke, 2 usage, 3 prerequisites missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { faultCaught, faultNamed, FAULTS } from "../lab/faults";
import { loadLabInputs } from "../lab/inputs";
import { writeTwinMd } from "../lab/twin-md";
import { missingPrerequisites } from "../lab/preflight";
import { formatReport, writeReport } from "../lab/report";
import { runLab } from "../lab/run-lab";

/**
 * The project root: the first directory up from here with `Pulumi.yaml` (as plan-runner finds it;
 * not imported from there, which would load the Pulumi SDK at every start).
 */
const PROJECT_DIR = (() => {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir))
    if (fs.existsSync(path.join(dir, "Pulumi.yaml")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
  return path.resolve(__dirname, "..");
})();

function usage(): never {
  console.error(
    `usage: npm run lab -- --stack NAME [--input DIR] [--establish-seconds N] [--fault NAME] [--out DIR]\n  DIR holds router/frr.conf, manifests/*.yaml and resources.json (default: render out/NAME/ first)\n  --out: where lab-report.json and twin.md go (default out/NAME/)\n  --fault plants one fault in a copy of the inputs and exits 0 when the twin catches it where it must:\n${FAULTS.map((f) => `    ${f.name} (${f.vpn} VPN): ${f.description}`).join("\n")}`,
  );
  process.exit(2);
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith("--")) usage();
  return v;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const stack = arg(args, "--stack");
  if (!stack) usage();
  const missing = missingPrerequisites();
  if (missing.length) {
    console.error(
      `lab: cannot run, missing:\n${missing.map((m) => `  - ${m}`).join("\n")}\n(install the packages of lab/apt-packages.txt with apt-get and run as root)`,
    );
    return 3;
  }
  const outArg = arg(args, "--out");
  const outDir = outArg ? path.resolve(outArg) : path.join(PROJECT_DIR, "out", stack);
  let inputDir = arg(args, "--input");
  if (inputDir) inputDir = path.resolve(inputDir);
  else {
    console.log(`lab: rendering out/${stack}/ (npm run plan)`);
    // Loaded only here: the Pulumi SDK is the slowest part of starting the lab.
    const { runProgram } = await import("../plan-runner/run-program");
    const { writeOut } = await import("../plan-runner/write-out");
    const program = (await import("../index")).default;
    writeOut(await runProgram(stack, { program }), outDir);
    inputDir = outDir;
  }
  const establish = Number(arg(args, "--establish-seconds") ?? 20);
  let inputs;
  try {
    inputs = loadLabInputs(PROJECT_DIR, stack, inputDir);
  } catch (e) {
    // Still leave a report behind, so CI sees that the lab did not run and why.
    const error = (e as Error).message;
    writeReport(
      { stack, mode: "static", inputDir, startedAt: new Date().toISOString(), durationMs: 0, pass: false, checks: [], error },
      outDir,
    );
    throw e;
  }
  const faultName = arg(args, "--fault");
  const fault = faultName ? faultNamed(faultName) : undefined;
  if (fault) {
    if (fault.vpn !== "any" && fault.vpn !== inputs.plan.vpn.routing) {
      console.error(`lab: fault ${fault.name} needs a ${fault.vpn} VPN; stack ${stack} has a ${inputs.plan.vpn.routing} VPN`);
      return 2;
    }
    inputs = fault.plant(inputs);
    console.log(`lab: planted fault ${fault.name}: ${fault.description}`);
  }
  const report = await runLab(inputs, { establishMs: establish * 1000, log: (l) => console.log(`lab: ${l}`) });
  console.log(formatReport(report));
  const target = fault ? path.join(outDir, `fault-${fault.name}`) : outDir;
  console.log(`\nwrote ${path.relative(process.cwd(), writeReport(report, target))}`);
  if (report.flows?.length) console.log(`wrote ${path.relative(process.cwd(), writeTwinMd(report, inputs, target))}`);
  if (!fault) return report.pass ? 0 : 1;
  const caught = faultCaught(fault, inputs, report.flows ?? []);
  console.log(`\nfault ${fault.name} ${caught.ok ? "caught" : "NOT caught as expected"}: ${caught.text}`);
  return caught.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`lab failed: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  },
);
