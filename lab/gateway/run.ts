/**
 * runGatewayLab: proves the EKS Hybrid Nodes gateway path with real packets in network
 * namespaces — control plane ENI → VPC route for the pod CIDR → active gateway node → VXLAN
 * VNI 2 on UDP 8472 (through the "VPN") → hybrid node → pod, and back — then plants two faults
 * (UDP 8472 blocked on-prem; the active gateway lost) and proves the failover: once the VPC route
 * and the VTEP move to the standby, traffic flows again, through the standby.
 * Never leaves namespaces or processes behind: cleanup on success, failure, SIGINT and SIGTERM.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { waitFor } from "../daemons";
import { lineOrExit } from "../probe";
import { applyNft, deleteNamespaces, namespacesWithPrefix, nsRun, pidAlive, run, startIn } from "../sys";
import { activateGateway, buildGatewayLab } from "./build";
import { GatewayLabInputs } from "./inputs";
import { gatewayLabPrefix, GatewayTopology, gatewayTopology } from "./topology";

/** One proven (or failed) statement. */
export interface GatewayCheck {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** What {@link runGatewayLab} returns. */
export interface GatewayLabReport {
  readonly stack: string;
  readonly pass: boolean;
  readonly durationMs: number;
  readonly checks: readonly GatewayCheck[];
  readonly error?: string;
}

/** TCP port the lab's stand-in webhook listens on in the first pod. */
export const WEBHOOK_PORT = 9443;

let counter = 0;
const active = new Map<string, () => void>();
let handlers = false;
function installHandlers(): void {
  if (handlers) return;
  handlers = true;
  process.on("exit", () => [...active.values()].forEach((f) => f()));
  for (const [sig, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(sig, () => {
      [...active.values()].forEach((f) => f());
      process.exit(code);
    });
  }
}

/** Remove namespaces of earlier runs of `stack` whose process is gone. */
function removeLeftovers(stack: string): string[] {
  const prefix = gatewayLabPrefix(stack);
  const stale = namespacesWithPrefix(prefix).filter((ns) => !pidAlive(parseInt(ns.slice(prefix.length).split("_")[0], 36)));
  deleteNamespaces(stale);
  return stale;
}

const ping = (ns: string, ip: string, waitS = "1") => nsRun(ns, "ping", ["-c", "1", "-W", waitS, ip], 4000).ok;
/** A ping that must fail: a shorter wait (nothing comes back late on veths). */
const unreachable = (ns: string, ip: string) => !ping(ns, ip, "0.5");

function vxlanPackets(ns: string, dev: string): number {
  const r = run("ip", ["-n", ns, "-j", "-s", "link", "show", "dev", dev]);
  const s = r.ok ? JSON.parse(r.stdout)[0]?.stats64 : undefined;
  return s ? Number(s.rx.packets) + Number(s.tx.packets) : -1;
}

function nftVxlanCount(ns: string): number {
  const r = nsRun(ns, "nft", ["-j", "list", "chain", "inet", "ehg", "vxcount"]);
  if (!r.ok) return -1;
  const rules = (JSON.parse(r.stdout).nftables as any[]).filter((x) => x.rule);
  const c = rules.flatMap((x) => x.rule.expr).find((e: any) => e.counter);
  return c ? Number(c.counter.packets) : -1;
}

function vxlanParams(ns: string, dev: string): { id?: number; port?: number } {
  const r = run("ip", ["-n", ns, "-d", "-j", "link", "show", "dev", dev]);
  const d = r.ok ? JSON.parse(r.stdout)[0]?.linkinfo?.info_data : undefined;
  return { id: d?.id, port: d?.port };
}

function blockVxlan(t: GatewayTopology, on: boolean): void {
  const rules = on
    ? [
        "add chain inet ehg vxblock { type filter hook forward priority -10; policy accept; }",
        "add rule inet ehg vxblock udp dport 8472 drop",
      ]
    : ["delete chain inet ehg vxblock"];
  applyNft(t.onprem, rules);
}

/** One TCP connect (3 s bound) with the lab's node binary: exit 0 when it connected. */
const CONNECT = `
const s = require("node:net").connect({ host: process.argv[1], port: Number(process.argv[2]) });
s.setTimeout(3000, () => process.exit(1));
s.on("connect", () => { s.destroy(); process.exit(0); });
s.on("error", () => process.exit(1));
`;

/**
 * A TCP connect from `ns` to `ip:port`, once the listener is up (`listening`: it says so). Only
 * the passing path uses it, so it retries: on a loaded CI machine the first SYN can wait for
 * neighbour resolution across the VXLAN hops.
 */
async function tcpConnect(ns: string, ip: string, port: number, listening: Promise<boolean>): Promise<{ ok: boolean; detail: string }> {
  if (!(await listening)) return { ok: false, detail: `nothing listens on TCP ${port} in the pod after 30 s` };
  let attempts = 0;
  const ok = await waitFor(() => (attempts++, nsRun(ns, process.execPath, ["-e", CONNECT, ip, String(port)], 6000).ok), 20000, 200);
  return {
    ok,
    detail: ok ? `TCP connect through the gateway (attempt ${attempts})` : `no TCP connect through the gateway in ${attempts} attempts`,
  };
}

async function checks(t: GatewayTopology, dir: string): Promise<GatewayCheck[]> {
  const out: GatewayCheck[] = [];
  const add = (name: string, pass: boolean, detail: string) => out.push({ name, pass, detail });
  const [gw1, gw2] = t.gateways;

  for (const [ns, dev] of [
    [gw1.ns, "hybrid_vxlan0"],
    [t.nodes[0].ns, "cilium_vxlan"],
  ]) {
    const p = vxlanParams(ns, dev);
    add(`VXLAN device ${dev}: VNI 2, UDP 8472`, p.id === 2 && p.port === 8472, `id ${p.id}, port ${p.port}`);
  }

  for (const n of t.nodes) {
    const before = { gw1: vxlanPackets(gw1.ns, "hybrid_vxlan0"), fw: nftVxlanCount(t.onprem) };
    const ok = ping(t.cp.ns, n.pod.ip);
    const after = { gw1: vxlanPackets(gw1.ns, "hybrid_vxlan0"), fw: nftVxlanCount(t.onprem) };
    add(
      `control plane ENI ${t.cp.ip} → pod ${n.pod.ip} on ${n.name}, via gw1 ${gw1.ip} and VXLAN UDP 8472 on-prem`,
      ok && after.gw1 > before.gw1 && after.fw > before.fw,
      `ping ${ok ? "ok" : "failed"}; gw1 hybrid_vxlan0 packets +${after.gw1 - before.gw1}; on-prem UDP 8472 packets +${after.fw - before.fw}`,
    );
    add(`pod ${n.pod.ip} on ${n.name} → control plane ENI ${t.cp.ip} (Cilium VTEP → gw1)`, ping(n.pod.ns, t.cp.ip), "ping from the pod");
  }

  const pod = t.nodes[0].pod;
  // A bare listener on the pod's address; it prints "listening" once the socket listens.
  const listener = `require("node:net").createServer((s) => s.destroy()).listen(${WEBHOOK_PORT}, "${pod.ip}", () => console.log("listening"));`;
  const webhookProcess = startIn(pod.ns, "webhook", process.execPath, ["-e", listener], path.join(dir, "webhook.log"), {
    netOnly: true,
    stdout: "pipe",
  });
  const webhook = await tcpConnect(t.cp.ns, pod.ip, WEBHOOK_PORT, lineOrExit(webhookProcess, "listening", 30000));
  add(`control plane ENI → webhook TCP ${WEBHOOK_PORT} on pod ${pod.ip}`, webhook.ok, webhook.detail);

  blockVxlan(t, true);
  const blocked = !unreachable(t.cp.ns, pod.ip);
  blockVxlan(t, false);
  add(
    "fault: UDP 8472 dropped on-prem → the pod is unreachable",
    !blocked,
    blocked ? "still reachable: the path does not use VXLAN 8472" : "unreachable, as it must be",
  );
  add("fault removed → reachable again", ping(t.cp.ns, pod.ip), "ping");

  ipn_down(gw1.ns);
  const lost = !unreachable(t.cp.ns, pod.ip);
  add("failover: active gateway gw1 lost, VPC route still on it → unreachable", !lost, lost ? "reachable without gw1?" : "unreachable");
  activateGateway(t, 1);
  const g1 = vxlanPackets(gw1.ns, "hybrid_vxlan0");
  const g2 = vxlanPackets(gw2.ns, "hybrid_vxlan0");
  const back = t.nodes.every((n) => ping(t.cp.ns, n.pod.ip) && ping(n.pod.ns, t.cp.ip));
  const d1 = vxlanPackets(gw1.ns, "hybrid_vxlan0") - g1;
  const d2 = vxlanPackets(gw2.ns, "hybrid_vxlan0") - g2;
  add(
    `failover: VPC route and VTEP moved to standby gw2 ${gw2.ip} (another AZ) → every pod reachable both ways, through gw2 only`,
    back && d2 > 0 && d1 === 0,
    `pings ${back ? "ok" : "failed"}; gw2 hybrid_vxlan0 packets +${d2}, gw1 +${d1}`,
  );
  return out;
}

function ipn_down(ns: string): void {
  run("ip", ["-n", ns, "link", "set", "eth0", "down"]);
}

/** Run the gateway lab for the inputs; never leaves namespaces or processes behind. */
export async function runGatewayLab(inputs: GatewayLabInputs, opts: { log?: (line: string) => void } = {}): Promise<GatewayLabReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  installHandlers();
  const removed = removeLeftovers(inputs.stack);
  if (removed.length) log(`removed ${removed.length} namespaces of dead runs`);
  const runId = `${process.pid.toString(36)}_${++counter}`;
  const t = gatewayTopology(inputs, runId);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${t.prefix}`));
  // The run's processes (the webhook listener) live in its namespaces: deleting them stops them,
  // and nothing of another run in this process.
  const cleanup = () => {
    deleteNamespaces(namespacesWithPrefix(t.prefix));
    fs.rmSync(dir, { recursive: true, force: true });
    active.delete(t.prefix);
  };
  active.set(t.prefix, cleanup);
  let result: GatewayCheck[] = [];
  let error: string | undefined;
  try {
    log(`building ${5 + 2 * t.nodes.length} namespaces ${t.prefix}*`);
    buildGatewayLab(t);
    result = await checks(t, dir);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    cleanup();
  }
  return {
    stack: inputs.stack,
    pass: !error && result.length > 0 && result.every((c) => c.pass),
    durationMs: Date.now() - started,
    checks: result,
    ...(error ? { error } : {}),
  };
}
