/**
 * Checks every lab runs: the router config parses, the router's kernel routes each node block to
 * its node, the client reaches an address in every block and the right node answers, the rest of
 * the pod network is unreachable, and MetalLB L2 (when enabled) answers ARP from a node.
 */
import { rejectedConfigLines, waitFor } from "./daemons";
import { ipn, nsRun, run } from "./sys";
import { probeAddress } from "./topology";
import { CheckResult, LabNode, Topology } from "./types";

const nodeLabel = (t: Topology, ip: string | undefined) => {
  const n = t.nodes.find((x) => x.ip === ip);
  return n ? `${ip} (${n.name})` : ip === t.router.ip ? `${ip} (the router)` : String(ip);
};

/** The router kernel's route for `addr`: gateway, or why there is none. */
export function routerLookup(t: Topology, addr: string): { gateway?: string; text: string } {
  const r = run("ip", ["-n", t.router.ns, "-j", "route", "get", addr]);
  if (!r.ok) return { text: `no route (${r.stderr.replace(/^RTNETLINK answers: /, "")})` };
  const route = (JSON.parse(r.stdout) as { gateway?: string; dev?: string }[])[0] ?? {};
  return route.gateway
    ? { gateway: route.gateway, text: `via ${nodeLabel(t, route.gateway)}` }
    : { text: `directly on ${route.dev} (no next hop)` };
}

/**
 * Ping from the client; the reply's TTL names the node that answered (nodes use TTLs two apart;
 * the reply comes straight over the LAN, or through the router from another node CIDR).
 */
export function pingFromClient(t: Topology, addr: string, attempts = 2): { ok: boolean; node?: LabNode; text: string } {
  let last = "";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const r = nsRun(t.client.ns, "ping", ["-n", "-c1", "-W1", addr], 4000);
    const ttl = r.stdout.match(/ttl=(\d+)/);
    if (r.ok && ttl) {
      const node = t.nodes.find((n) => n.ttl - Number(ttl[1]) === 0 || n.ttl - Number(ttl[1]) === 1);
      return { ok: true, node, text: node ? `reply from ${node.name}` : `reply with ttl ${ttl[1]} (not a node)` };
    }
    last = (r.stdout.match(/^From .*$/m)?.[0] ?? r.stdout.match(/\d+% packet loss/)?.[0] ?? r.stderr) || "no reply";
  }
  return { ok: false, text: `no reply: ${last}` };
}

/** Lines of frr.conf no daemon accepted. */
export function configCheck(dir: string): CheckResult {
  const bad = rejectedConfigLines(dir);
  return {
    section: "router config",
    check: "every line of frr.conf is accepted by zebra, staticd or bgpd",
    pass: bad.length === 0,
    expected: "0 rejected lines",
    seen: bad.length ? bad.join("; ") : "0 rejected lines",
  };
}

/** Wait (bounded) until the router has a route for every planned block, then check each. */
export async function routeChecks(t: Topology, section: string, waitMs: number): Promise<CheckResult[]> {
  const right = (n: LabNode) => routerLookup(t, probeAddress(n.plannedBlock)).gateway === n.ip;
  await waitFor(() => t.nodes.every(right), waitMs, 250);
  return t.nodes.map((n) => {
    const seen = routerLookup(t, probeAddress(n.plannedBlock));
    return {
      section,
      check: `router forwards ${n.plannedBlock} (${n.name}'s block)`,
      pass: seen.gateway === n.ip,
      expected: `via ${nodeLabel(t, n.ip)}`,
      seen: seen.text,
    };
  });
}

/** The client reaches every node's block (the right node answers) and nothing else of the pod network. */
export function reachabilityChecks(t: Topology): CheckResult[] {
  const out: CheckResult[] = t.nodes.map((n) => {
    const addr = probeAddress(n.plannedBlock);
    const p = pingFromClient(t, addr);
    const held = n.heldBlocks.includes(n.plannedBlock)
      ? ""
      : ` (${n.name} does not hold it: ${n.ipamSource} gives ${n.heldBlocks.join(", ") || "nothing"})`;
    return {
      section: "reachability",
      check: `client → ${addr} in ${n.name}'s block ${n.plannedBlock}`,
      pass: p.ok && p.node === n,
      expected: `reply from ${n.name}`,
      seen: p.text + (p.node === n ? "" : held),
    };
  });
  if (t.outsideAddress) {
    const p = pingFromClient(t, t.outsideAddress, 1);
    out.push({
      section: "reachability",
      check: `client → ${t.outsideAddress} (pod network, in no node's block)`,
      pass: !p.ok,
      expected: "unreachable",
      seen: p.ok ? p.text : "unreachable",
    });
  }
  return out;
}

function macOf(ns: string): string {
  const link = JSON.parse(ipn(ns, "-j", "link", "show", "eth0")) as { address: string }[];
  return link[0].address.toLowerCase();
}

/** MetalLB L2: the address is free, then the announcing node answers ARP and the client reaches it. */
export function metallbChecks(t: Topology): CheckResult[] {
  if (!t.lb) return [];
  const { address, node: nodeName, pool } = t.lb;
  const section = "MetalLB L2";
  const node = t.nodes.find((n) => n.name === nodeName);
  if (!node)
    return [
      {
        section,
        check: `${address} (pool ${pool}) is announced by a lab node`,
        pass: false,
        expected: `node ${nodeName}`,
        seen: "no such node in the lab",
      },
    ];
  const owners = new Map<string, string>([
    [macOf(t.router.ns), "the router"],
    ...t.nodes.map((n) => [macOf(n.ns), n.name] as [string, string]),
  ]);
  const arping = (dad: boolean) => {
    const r = nsRun(t.client.ns, "arping", [...(dad ? ["-D"] : []), "-c1", "-w1", "-I", "eth0", address], 5000);
    const mac = r.stdout.match(/\[([0-9A-Fa-f:]{17})\]/)?.[1]?.toLowerCase();
    return mac ? `${mac} (${owners.get(mac) ?? "unknown host"})` : "no ARP answer";
  };
  const before = arping(true);
  const out: CheckResult[] = [
    {
      section,
      check: `${address} (pool ${pool}) is unused on the node LAN`,
      pass: before === "no ARP answer",
      expected: "no ARP answer",
      seen: before,
    },
  ];
  // What MetalLB's speaker does on the elected node: answer ARP for the Service address (Linux
  // answers ARP on eth0 for any local address, like kube-proxy's address on kube-ipvs0).
  ipn(node.ns, "addr", "add", `${address}/32`, "dev", "lo");
  const want = `${macOf(node.ns)} (${node.name})`;
  const seen = arping(false);
  out.push({ section, check: `${node.name} answers ARP for ${address}`, pass: seen === want, expected: want, seen });
  const p = pingFromClient(t, address);
  out.push({ section, check: `client → ${address}`, pass: p.ok && p.node === node, expected: `reply from ${node.name}`, seen: p.text });
  return out;
}
