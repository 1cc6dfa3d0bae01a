/**
 * BGP mode checks: every node has a speaker from the CNI's resources, every session with the
 * router is Established on both ends, the router's table holds exactly one route per node block
 * via that node, and every node learns the others' blocks through the reflector.
 */
import { gobgp, vtyJson, waitFor } from "./daemons";
import { CheckResult, LabNode, Topology } from "./types";

/** gobgp's API session_state values. */
const GOBGP_STATES = ["unknown", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"];

async function routerPeerState(dir: string): Promise<Map<string, string>> {
  const j = await vtyJson(dir, "bgpd", "show bgp ipv4 unicast summary json");
  const peers = (j?.peers ?? j?.ipv4Unicast?.peers ?? {}) as Record<string, { state?: string }>;
  return new Map(Object.entries(peers).map(([ip, p]) => [ip, String(p.state)]));
}

function nodePeerState(node: LabNode, peer: string): string {
  const r = gobgp(node, ["neighbor", "-j"]);
  if (!r.ok) return `gobgp did not answer (${r.stderr})`;
  const list = JSON.parse(r.stdout) as { state?: { neighbor_address?: string; session_state?: number } }[];
  const p = list.find((x) => x.state?.neighbor_address === peer);
  return p ? (GOBGP_STATES[p.state?.session_state ?? 0] ?? String(p.state?.session_state)) : `no neighbor ${peer}`;
}

/** The router's view of its neighbour `ip` (`show bgp neighbors IP json`), if it has one. */
async function routerNeighbor(dir: string, ip: string): Promise<any> {
  return (await vtyJson(dir, "bgpd", `show bgp neighbors ${ip} json`))?.[ip];
}

/** Why the router says a session is down (last reset / notification), when it says anything. */
async function routerWhy(dir: string, ip: string): Promise<string> {
  const j = await routerNeighbor(dir, ip);
  if (!j) return "the router has no neighbor with this address";
  const why = [j.lastNotificationReason, j.lastResetDueTo, j.lastErrorCodeSubcode && `error ${j.lastErrorCodeSubcode}`].filter(Boolean);
  return why.length ? `router: ${why.join(", ")}` : "";
}

/** Speakers exist and point at the router, and each announces its node's block. */
export function speakerChecks(t: Topology): CheckResult[] {
  return t.nodes.map((n) => {
    const s = n.speaker;
    const expected = `peers ${t.router.ip}, announces ${n.plannedBlock}`;
    if (!s)
      return {
        section: "BGP speakers",
        check: `${n.name} runs a BGP speaker`,
        pass: false,
        expected,
        seen: n.speakerProblem ?? "no speaker",
      };
    const peers = s.peers.map((p) => `${p.address} AS ${p.asn}`).join(", ");
    const announce = s.announce.length ? s.announce.join(", ") : "nothing (no PodCIDR advertisement selected)";
    const pass = s.peers.some((p) => p.address === t.router.ip) && s.announce.includes(n.plannedBlock);
    return {
      section: "BGP speakers",
      check: `${n.name} speaker (${s.source}, AS ${s.localAsn})`,
      pass,
      expected,
      seen: `peers ${peers}, announces ${announce}`,
    };
  });
}

/**
 * Whether the router refused the peer's OPEN (BGP error code 2, OPEN Message Error: bad peer AS,
 * bad BGP identifier, unacceptable hold time, unsupported capability — RFC 4271 §6.2). Retrying
 * cannot fix that, so waiting longer for the session would only wait out the bound.
 */
async function openRefused(dir: string, ip: string): Promise<boolean> {
  const j = await routerNeighbor(dir, ip);
  return /^02/.test(String(j?.lastErrorCodeSubcode ?? ""));
}

/** Poll (bounded) until every node's session is Established on both ends, or the router refused its OPEN. */
export async function sessionChecks(t: Topology, dir: string, establishMs: number): Promise<CheckResult[]> {
  const withSpeaker = t.nodes.filter((n) => n.speaker);
  const settled = async () => {
    const r = await routerPeerState(dir);
    for (const n of withSpeaker)
      if (!(r.get(n.ip) === "Established" && nodePeerState(n, t.router.ip) === "Established") && !(await openRefused(dir, n.ip)))
        return false;
    return true;
  };
  const t0 = Date.now();
  await waitFor(settled, establishMs, 500);
  const waited = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const router = await routerPeerState(dir);
  return mapAsync(withSpeaker, async (n) => {
    const r = router.get(n.ip) ?? "not a neighbor";
    const node = nodePeerState(n, t.router.ip);
    const pass = r === "Established" && node === "Established";
    const why = pass ? "" : `; ${await routerWhy(dir, n.ip)} (after ${waited})`;
    return {
      section: "BGP sessions",
      check: `${n.name} ${n.ip} ↔ router ${t.router.ip}`,
      pass,
      expected: "Established on both ends",
      seen: `router: ${r}, ${n.name}: ${node}${why}`,
    };
  });
}

/**
 * The router's timers and graceful restart agree with the node's resources: configured hold and
 * keepalive equal the peer config's, and graceful restart is negotiated both ways when enabled.
 */
export async function sessionParameterChecks(t: Topology, dir: string): Promise<CheckResult[]> {
  const perNode = await mapAsync(t.nodes, async (n): Promise<CheckResult[]> => {
    const peer = n.speaker?.peers.find((p) => p.address === t.router.ip);
    const j = peer && (await routerNeighbor(dir, n.ip));
    const check = `${n.name} ↔ router: router/frr.conf agrees with the node's BGP resources`;
    if (!peer || !j) {
      const seen = !peer ? "the node's BGP resources have no peer for the router" : `router/frr.conf has no neighbor ${n.ip}`;
      return [{ section: "BGP session parameters", check, pass: false, expected: "both ends configured", seen }];
    }
    const gr = (on: boolean) => (on ? "graceful restart both ways" : "no graceful restart");
    const timers = peer.timersRendered ? `hold ${peer.holdTime} s, keepalive ${peer.keepalive} s, ` : "";
    const expected = `${timers}${gr(peer.gracefulRestart !== undefined)}`;
    const hold = Number(j.bgpTimerConfiguredHoldTimeMsecs) / 1000;
    const keepalive = Number(j.bgpTimerConfiguredKeepAliveIntervalMsecs) / 1000;
    const grSeen = j.neighborCapabilities?.gracefulRestart;
    const seen = `router configured hold ${hold} s, keepalive ${keepalive} s, ${grSeen === "advertisedAndReceived" ? gr(true) : `graceful restart ${grSeen ?? "not negotiated"}`}`;
    const pass =
      (!peer.timersRendered || (hold === peer.holdTime && keepalive === peer.keepalive)) &&
      (peer.gracefulRestart === undefined || grSeen === "advertisedAndReceived");
    return [{ section: "BGP session parameters", check, pass, expected, seen }];
  });
  return perNode.flat();
}

/** `f` over `items` one after the other (in order), awaited. */
async function mapAsync<T, R>(items: readonly T[], f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const x of items) out.push(await f(x));
  return out;
}

type BgpPath = { nexthops?: { ip?: string }[]; peerId?: string };

/** Exactly one route per node block, via that node; no other prefixes. */
export async function routerTableChecks(t: Topology, dir: string, waitMs: number): Promise<CheckResult[]> {
  const table = async () => ((await vtyJson(dir, "bgpd", "show ip bgp json"))?.routes ?? {}) as Record<string, BgpPath[]>;
  await waitFor(async () => ((r) => t.nodes.every((n) => r[n.plannedBlock]?.length))(await table()), waitMs, 250);
  const routes = await table();
  const via = (p: BgpPath) => {
    const ip = p.nexthops?.[0]?.ip ?? p.peerId;
    return `${ip} (${t.nodes.find((n) => n.ip === ip)?.name ?? "not a node"})`;
  };
  const out: CheckResult[] = t.nodes.map((n) => {
    const paths = routes[n.plannedBlock] ?? [];
    const want = `${n.ip} (${n.name})`;
    const seen = paths.length ? paths.map(via).join(", ") : "no route";
    return {
      section: "router BGP table",
      check: `${n.plannedBlock} (${n.name}'s block)`,
      pass: paths.length === 1 && via(paths[0]) === want,
      expected: `1 route via ${want}`,
      seen: `${paths.length} route${paths.length === 1 ? "" : "s"}: ${seen}`,
    };
  });
  // Locally originated prefixes (the VPN's network statements) and routes from AWS are not the nodes'.
  const fromNode = (p: BgpPath) => t.nodes.some((n) => n.ip === (p.nexthops?.[0]?.ip ?? p.peerId));
  // LoadBalancer addresses the nodes announce (Service advertisements) are proven by the LB flows.
  const lbAddresses = new Set(t.lbTargets.filter((x) => x.holders.length).map((x) => `${x.address}/32`));
  const extra = Object.keys(routes).filter(
    (p) => routes[p].some(fromNode) && !t.nodes.some((n) => n.plannedBlock === p) && !lbAddresses.has(p),
  );
  out.push({
    section: "router BGP table",
    check: `no prefixes from the nodes besides their blocks${lbAddresses.size ? " and the LoadBalancer addresses" : ""}`,
    pass: extra.length === 0,
    expected: "none",
    seen: extra.length ? extra.map((p) => `${p} via ${routes[p].map(via).join(", ")}`).join("; ") : "none",
  });
  return out;
}

/** What the router has sent each neighbour (`pfxSnt` of its BGP summary, read through its vty socket), to tell when it changes. */
async function routerSent(dir: string): Promise<string> {
  const j = await vtyJson(dir, "bgpd", "show bgp ipv4 unicast summary json");
  const peers = (j?.peers ?? j?.ipv4Unicast?.peers ?? {}) as Record<string, { pfxSnt?: number }>;
  return JSON.stringify(Object.entries(peers).map(([ip, p]) => [ip, p.pfxSnt]));
}

/**
 * Each node learns every other node's block with the owner as next hop (route reflection). The
 * nodes' tables (one `gobgp` process per node, ~20 ms of CPU each) are read when the router
 * (run directory `dir`) has sent something new, else at growing gaps (250 ms up to 1 s): a table
 * that does not converge (a fault) costs a few looks, not one per 250 ms.
 */
export async function reflectionChecks(t: Topology, waitMs: number, dir: string): Promise<CheckResult[]> {
  const speakers = t.nodes.filter((n) => n.speaker);
  const rib = (n: LabNode): Record<string, { attrs?: { type: number; nexthop?: string }[] }[]> => {
    const r = gobgp(n, ["global", "rib", "-a", "ipv4", "-j"]);
    try {
      return r.ok ? JSON.parse(r.stdout) : {};
    } catch {
      return {};
    }
  };
  // One `gobgp global rib` per node and look, shared by the pairs of that node.
  const ribs = () => new Map(speakers.map((n) => [n, rib(n)]));
  const hops = (r: ReturnType<typeof ribs>, n: LabNode, prefix: string) =>
    (r.get(n)?.[prefix] ?? []).map((p) => p.attrs?.find((a) => a.type === 3)?.nexthop ?? "?");
  const pairs = speakers.flatMap((n) => t.nodes.filter((o) => o !== n).map((o) => ({ n, o })));
  let final = ribs();
  const learned = () => pairs.every(({ n, o }) => hops(final, n, o.plannedBlock).includes(o.ip));
  let sent = await routerSent(dir);
  let lastLook = Date.now();
  let gap = 250;
  const look = async () => {
    const now = await routerSent(dir);
    if (now === sent && Date.now() - lastLook < gap) return false;
    gap = now === sent ? Math.min(gap * 2, 1000) : 250;
    sent = now;
    final = ribs();
    lastLook = Date.now();
    return learned();
  };
  const passed = learned() || (await waitFor(look, waitMs, 50));
  if (!passed) final = ribs(); // the reported state is the one at the deadline
  return pairs.map(({ n, o }) => {
    const seen = hops(final, n, o.plannedBlock);
    return {
      section: "route reflection",
      check: `${n.name} learns ${o.name}'s block ${o.plannedBlock}`,
      pass: seen.length === 1 && seen[0] === o.ip,
      expected: `via ${o.ip} (${o.name})`,
      seen: seen.length ? `via ${seen.join(", ")}` : "not learned",
    };
  });
}
