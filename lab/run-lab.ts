/**
 * Runs the lab for one set of inputs: remove leftovers of crashed runs, build the hosts, start
 * FRR (and GoBGP in BGP mode), run the checks, and always tear everything down again — also on
 * an exception, SIGINT or SIGTERM.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configCheck, metallbChecks, reachabilityChecks, routeChecks } from "./checks";
import { reflectionChecks, routerTableChecks, sessionChecks, sessionParameterChecks, speakerChecks } from "./checks-bgp";
import { redistributionChecks } from "./checks-redistribute";
import { startFrr, startGobgp } from "./daemons";
import { awsModel } from "./aws-model";
import { gatewayModel } from "./twin-gateway";
import { listen, startTwin, twinChecks } from "./twin-run";
import { holdLbAddresses, lbFlows } from "./lb-flows";
import { buildTwin, fillAwsValues } from "./twin-topology";
import { FlowResult, runFlows } from "./twin-flows";
import { createHosts, isStaleRun, removeHosts, removeLeftovers } from "./hosts";
import { ProbeAgent } from "./probe-agent";
import { stopPids } from "./sys";
import { buildTopology, stackPrefix } from "./topology";
import { CheckResult, LabInputs, LabReport, Topology } from "./types";

/** Time bounds of the lab's waits, milliseconds. */
export interface LabOptions {
  /** Until every BGP session is Established. @default 20000 */
  readonly establishMs?: number;
  /** Until routes show up (router kernel, BGP tables) once sessions are up. @default 5000 */
  readonly routeWaitMs?: number;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

let runCounter = 0;
const active = new Map<string, () => void>();

function teardownAll(): void {
  for (const cleanup of [...active.values()]) cleanup();
}

let handlersInstalled = false;
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", teardownAll);
  for (const [sig, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(sig, () => {
      if (active.size) process.stderr.write(`\nlab: ${sig}: removing the lab's namespaces and daemons\n`);
      teardownAll();
      process.exit(code);
    });
  }
}

/** Leftover run directories of `stack` (their namespaces are removed by removeLeftovers). */
function removeLeftoverDirs(stack: string, liveRuns: ReadonlySet<string>): void {
  const prefix = stackPrefix(stack);
  for (const f of fs.readdirSync(os.tmpdir()).filter((x) => x.startsWith(prefix))) {
    if (isStaleRun(f.slice(prefix.length).split("-")[0], liveRuns)) fs.rmSync(path.join(os.tmpdir(), f), { recursive: true, force: true });
  }
}

async function checksFor(t: Topology, dir: string, o: Required<Omit<LabOptions, "log">>): Promise<CheckResult[]> {
  const checks: CheckResult[] = [configCheck(dir)];
  if (t.mode === "bgp") {
    checks.push(...speakerChecks(t));
    checks.push(...(await sessionChecks(t, dir, o.establishMs)));
    checks.push(...(await sessionParameterChecks(t, dir)));
    checks.push(...(await routerTableChecks(t, dir, o.routeWaitMs)));
    checks.push(...(await reflectionChecks(t, o.routeWaitMs, dir)));
    checks.push(...(await routeChecks(t, "router kernel routes", o.routeWaitMs)));
  } else if (t.mode === "static") {
    checks.push(...(await routeChecks(t, "static routes", o.routeWaitMs)));
  }
  // podRouting gateway/none: the on-prem network does not route the pod blocks (the gateway
  // path is the gateway lab's; the twin sends no pod flows then).
  if (t.mode === "static" || t.mode === "bgp") checks.push(...reachabilityChecks(t));
  checks.push(...metallbChecks(t));
  return checks;
}

/** Run the lab; never leaves namespaces or daemons behind. */
export async function runLab(inputs: LabInputs, opts: LabOptions = {}): Promise<LabReport> {
  const o = { establishMs: opts.establishMs ?? 20000, routeWaitMs: opts.routeWaitMs ?? 5000 };
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date();
  const runId = `${process.pid.toString(36)}_${++runCounter}`;
  installSignalHandlers();
  const live = new Set([...active.keys()].map((k) => k.split("|")[1]));
  const removed = removeLeftovers(inputs.stack, live);
  removeLeftoverDirs(inputs.stack, live);
  if (removed.length) log(`removed ${removed.length} namespaces left by an earlier run: ${removed.join(", ")}`);

  let topology: Topology | undefined;
  const checks: CheckResult[] = [];
  let error: string | undefined;
  const dir = path.join(os.tmpdir(), `${stackPrefix(inputs.stack)}${runId}-files`);
  const key = `${inputs.stack}|${runId}`;
  let agent: ProbeAgent | undefined;
  const cleanup = () => {
    // The probe process holds sockets in the namespaces: it goes first.
    if (agent?.pid) stopPids([agent.pid]);
    if (topology) removeHosts(topology);
    fs.rmSync(dir, { recursive: true, force: true });
    active.delete(key);
  };
  active.set(key, cleanup);
  const flows: FlowResult[] = [];
  try {
    const base = buildTopology(inputs, runId);
    const twin = inputs.resources
      ? buildTwin(
          awsModel(inputs.resources),
          base.prefix,
          inputs.plan.loadBalancing.awsLoadBalancerController !== undefined,
          gatewayModel(inputs.resources),
        )
      : undefined;
    topology = twin ? { ...base, twin } : base;
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    log(`building ${topology.nodes.length + 3} namespaces ${topology.prefix}*`);
    createHosts(topology);
    if (topology.twin) {
      log(
        `building the AWS half from resources.json (${topology.twin.hosts.map((h) => h.role).join(", ")}, VPC router, Transit Gateway, tunnels)`,
      );
      await startTwin(topology, topology.twin, dir, inputs.firewall);
    }
    // Nodes first: FRR dials its neighbours as it starts (see gobgp-config.ts). Speakers: the
    // CNI's (BGP pod routing) or MetalLB's (BGP mode).
    if (topology.nodes.some((n) => n.speaker)) {
      log("starting gobgpd on every node");
      await Promise.all(topology.nodes.map((n) => startGobgp(n, dir)));
    }
    log("starting FRR (zebra, staticd, bgpd) with router/frr.conf");
    await startFrr(topology, dir, topology.twin ? fillAwsValues(inputs.frrConf, topology.twin) : inputs.frrConf);
    log("checking");
    checks.push(...(await checksFor(topology, dir, o)));
    checks.push(...(await redistributionChecks(inputs.plan, topology, dir, o.routeWaitMs)));
    const lb = lbFlows(topology, Boolean(topology.twin && inputs.firewall));
    holdLbAddresses(topology);
    if (topology.twin) {
      log(`sending the twin's flows${lb.length ? " and the LoadBalancer flows" : ""}`);
      agent = new ProbeAgent(path.join(dir, "probe.log"));
      const r = await twinChecks(inputs.plan, topology, topology.twin, dir, o.establishMs, agent, lb);
      checks.push(...r.checks);
      flows.push(...r.flows);
    } else if (lb.length) {
      log("sending the LoadBalancer flows");
      agent = new ProbeAgent(path.join(dir, "probe.log"));
      const notListening = await listen(agent, lb)();
      if (notListening) throw new Error(`the LoadBalancer listeners did not start: ${notListening}`);
      flows.push(...(await runFlows(topology, undefined, lb, agent)));
    }
  } catch (e) {
    error = (e as Error).message;
  } finally {
    if (process.env.LAB_DEBUG_PAUSE_MS) await new Promise((r) => setTimeout(r, Number(process.env.LAB_DEBUG_PAUSE_MS)));
    cleanup();
  }
  const pass = !error && checks.length > 0 && checks.every((c) => c.pass) && flows.every((f) => f.pass);
  return {
    stack: inputs.stack,
    mode: inputs.plan.cni.routing,
    inputDir: inputs.inputDir,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    pass,
    checks,
    flows,
    ...(error ? { error } : {}),
  };
}
