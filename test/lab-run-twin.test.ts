/**
 * The network twin on real daemons: every checked-in stack's `npm run lab` (its rendered out/,
 * the AWS half from resources.json, the router's frr.conf, the firewall) passes every flow, and
 * every fault planted in a copy of those inputs fails the right flow at the right hop while the
 * flows off its path still pass. Each run is its own process (real parallelism: the lab's
 * commands are synchronous), a few per core at a time. Needs root (see `requireLab`).
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAULTS } from "../lab/faults";
import { isStaleRun } from "../lab/hosts";
import { namespacesWithPrefix } from "../lab/sys";
import { stackPrefix } from "../lab/topology";
import { LabReport } from "../lab/types";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import { faultStack } from "./helpers/lab-inputs";
import { requireLab } from "./helpers/require-lab";
import { runStack } from "./helpers/run-stack";

describe("network twin: every checked-in stack and every fault, real daemons", function () {
  this.timeout(60000);
  const checkRoot = requireLab();
  /**
   * At most this many lab processes at once: each spends most of its time waiting (timeouts of
   * the flows meant to be blocked, BGP), so a few per core keep the cores busy; all 23 at once
   * only stretch every run's waits on a loaded CI machine.
   */
  const slots = Math.max(4, 3 * os.availableParallelism());
  before(function () {
    checkRoot.call(this);
    // Every stack's and every fault's `npm run lab` process starts now; the tests below await them.
    startProcessRuns();
  });

  /** Rendered out/ of each checked-in stack, once, in a temporary directory. */
  const renderRoot = fs.mkdtempSync(path.join(os.tmpdir(), "lab-render-"));
  const renders = new Map<string, Promise<string>>();
  const rendered = (stack: string): Promise<string> => {
    if (!renders.has(stack)) {
      const dir = path.join(renderRoot, stack);
      renders.set(
        stack,
        runStack(stack).then((run) => (writeOut(run, dir), dir)),
      );
    }
    return renders.get(stack)!;
  };
  after(() => fs.rmSync(renderRoot, { recursive: true, force: true }));

  /**
   * The lab's bundle (`npm run lab` runs scripts/lab.ts through run-built.mjs), built once before
   * the concurrent runs start (each would otherwise build its own).
   */
  let bundle: Promise<unknown> | undefined;
  const labCommand = (args: string[]) => [path.join(PROJECT_DIR, "scripts", "run-built.mjs"), "scripts/lab.ts", ...args];
  const built = () =>
    (bundle ??= new Promise((resolve) =>
      spawn(process.execPath, labCommand([]), { cwd: PROJECT_DIR, stdio: "ignore" }).on("close", resolve),
    ));

  /** Run `job` once fewer than `slots` lab processes run. */
  let running = 0;
  const waiting: (() => void)[] = [];
  async function inSlot<T>(job: () => Promise<T>): Promise<T> {
    if (running >= slots) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }

  /** `npm run lab` as its own process (real parallelism: the lab's commands are synchronous). */
  async function labProcess(stack: string, input: Promise<string>, fault?: string) {
    const dir = await input;
    await built();
    return inSlot(() => labRun(stack, dir, fault));
  }

  async function labRun(stack: string, dir: string, fault?: string) {
    const out = path.join(renderRoot, `${stack}-${fault ?? "run"}`);
    const args = ["--stack", stack, "--input", dir, "--out", out, ...(fault ? ["--fault", fault] : [])];
    const { code, output, pid } = await new Promise<{ code: number | null; output: string; pid: number }>((resolve) => {
      const child = spawn(process.execPath, labCommand(args), { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (c) => resolve({ code: c, output, pid: child.pid ?? 0 }));
    });
    const target = fault ? path.join(out, `fault-${fault}`) : out;
    const file = path.join(target, "lab-report.json");
    const report = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, "utf8")) as LabReport)
      : ({ pass: false, checks: [] } as unknown as LabReport);
    // No namespace of any run of this stack may be left by a process that is gone
    // (removeLeftovers would take them; here they must not exist).
    const runOf = (n: string) => n.slice(stackPrefix(stack).length).split("-")[0];
    const mine = `${process.pid.toString(36)}_`; // this test process's own in-process runs
    const left = namespacesWithPrefix(stackPrefix(stack)).filter((n) => !runOf(n).startsWith(mine) && isStaleRun(runOf(n), new Set()));
    assert.deepEqual(left, [], `the lab process ${pid} removed its namespaces`);
    return { stack, code, report, out: target, tail: output.split("\n").slice(-40).join("\n") };
  }

  const checkedIn = fs.readdirSync(PROJECT_DIR).flatMap((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1] ?? []);
  const stackRuns = new Map<string, ReturnType<typeof labProcess>>();
  const faultRuns = new Map<string, ReturnType<typeof labProcess>>();
  function startProcessRuns(): void {
    const start = (stack: string, fault?: string) => {
      const run = labProcess(stack, rendered(stack), fault);
      run.catch(() => undefined);
      return run;
    };
    // A fault that keeps the VPN's BGP from delivering a route waits the whole BGP bound (20 s)
    // before its flows: it starts first, so that the other runs fill the slots around it.
    for (const f of FAULTS.filter((x) => x.vpn === "bgp")) faultRuns.set(f.name, start(faultStack(f), f.name));
    for (const stack of checkedIn) stackRuns.set(stack, start(stack));
    for (const f of FAULTS.filter((x) => x.vpn !== "bgp")) faultRuns.set(f.name, start(faultStack(f), f.name));
  }
  const faultRun = (name: string) => faultRuns.get(name)!;

  it(`every checked-in stack (${checkedIn.join(", ")}) builds its twin and every flow does what it must, concurrently`, async function () {
    this.timeout(480000);
    const runs = await Promise.all(checkedIn.map((stack) => stackRuns.get(stack)!));
    const bad = runs.filter((r) => r.code !== 0 || !r.report.pass);
    assert.deepEqual(
      bad.map((r) => `${r.stack}: exit ${r.code}\n${r.tail}`),
      [],
      "every stack passes",
    );
    for (const r of runs) {
      const flows = r.report.flows ?? [];
      assert.ok(
        flows.some((f) => /kubelet/.test(f.flow)) && flows.some((f) => f.expect === "blocked"),
        `${r.stack}: positive and negative flows`,
      );
      // Budget: 60 s a stack alone; here all stacks and faults share the cores, so only report it.
      console.log(`    ${r.stack}: ${(r.report.durationMs / 1000).toFixed(1)} s, up to ${slots} lab runs and the other test files at once`);
      assert.ok(fs.existsSync(path.join(r.out, "twin.md")), `${r.stack}: twin.md`);
    }
  });

  for (const f of FAULTS) {
    const stack = faultStack(f);
    it(`fault ${f.name} (${stack}): ${f.description} — the right flow fails at the right hop, flows off its path still pass`, async function () {
      this.timeout(480000);
      const r = await faultRun(f.name);
      const flows = r.report.flows ?? [];
      assert.equal(r.code, 0, `the twin did not catch ${f.name} where it must:\n${r.tail}`);
      for (const x of flows.filter((y) => /^pod on \S+ → pod on /.test(y.flow)))
        assert.ok(x.pass, `${x.flow} is off the fault's path and passes`);
      for (const x of flows.filter((y) => y.expect === "blocked")) assert.ok(x.pass, `${x.flow} stays blocked`);
      assert.ok(
        flows.some((x) => !x.pass),
        "something failed",
      );
    });
  }
});
