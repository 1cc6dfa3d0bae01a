/**
 * On-prem clients → every LoadBalancer pool address (MetalLB L2, MetalLB BGP, Cilium LB IPAM) as
 * real TCP connections: the node LAN's client for L2 addresses (it ARPs for them itself) and the
 * office client behind the router for every address (the router ARPs for an L2 address, routes
 * a BGP-announced one to a node that announced it; the firewall's rows apply on `cl0`). The nodes
 * that take an address hold it on `lo` (what MetalLB's speaker / Cilium's datapath do) and listen
 * on the Service port. A flow that does not connect names the hop: the firewall's drop set, "no
 * node answers ARP", or "the router has no route: nothing announced it", with the object missing.
 * Plus one negative flow when the firewall is loaded: office client → a kubelet (no row lists it).
 */
import { NetScript } from "./net-script";
import { ipQuery } from "./ip-run";
import { LbTarget, lbKindLabel } from "./lb-targets";
import { ConnectResult } from "./probe";
import { KUBELET_PORT, TwinFlow } from "./twin-flows";
import { Topology } from "./types";

/** The Service port the lab's LoadBalancer listeners use (the demo apps' Service port). */
export const LB_PORT = 80;

/** The LoadBalancer flows of the lab; `firewall`: whether firewall.json is loaded on the router. */
export function lbFlows(lab: Topology, firewall: boolean): TwinFlow[] {
  const flows: TwinFlow[] = [];
  const nsOf = (name: string) => lab.nodes.find((n) => n.name === name)!.ns;
  for (const target of lab.lbTargets) {
    const holderNs = target.holders.map(nsOf);
    const to = {
      toNs: holderNs[0] ?? lab.router.ns,
      to: target.holders[0] ?? `${lbKindLabel(target.kind)} pool ${target.pool}`,
      dst: target.address,
      port: LB_PORT,
      expect: "open" as const,
      lb: { target, holderNs },
    };
    const what = `${lbKindLabel(target.kind)} pool ${target.pool} address ${target.address}`;
    if (target.kind === "metallb-l2")
      flows.push({
        ...to,
        fromNs: lab.client.ns,
        from: "on-prem client (node LAN)",
        src: lab.client.ip,
        name: `on-prem client (node LAN) → ${what}`,
        why: "LoadBalancer Service; one node answers ARP for it",
      });
    flows.push({
      ...to,
      fromNs: lab.office.ns,
      from: "office client",
      src: lab.office.ip,
      name: `office client → ${what}`,
      why: target.kind === "metallb-l2" ? "the router ARPs for it on the node LAN" : "the router routes the announced /32 to a node",
    });
  }
  const n1 = lab.nodes[0];
  if (firewall && n1)
    flows.push({
      fromNs: lab.office.ns,
      from: "office client",
      src: lab.office.ip,
      toNs: n1.ns,
      to: n1.name,
      dst: n1.ip,
      port: KUBELET_PORT,
      expect: "blocked",
      name: `office client → ${n1.name} kubelet (negative)`,
      why: "no firewall row lets clients at the kubelet",
    });
  return flows;
}

/**
 * Give each address to the nodes that take it: on `lo`. A BGP-announced address must be reached
 * by routing, never by ARP (Cilium and MetalLB BGP do not answer ARP for it): `arp_ignore=1` on
 * those nodes' `eth0`.
 */
export function holdLbAddresses(lab: Topology): void {
  const s = new NetScript();
  for (const t of lab.lbTargets)
    for (const name of t.holders) {
      const n = lab.nodes.find((x) => x.name === name)!;
      if (t.kind !== "metallb-l2") s.set(n.ns, "net.ipv4.conf.eth0.arp_ignore", 1);
      s.ip(n.ns, "addr", "replace", `${t.address}/32`, "dev", "lo");
    }
  s.run();
}

/** Which lab host has `ip` on the node LAN, as `ns` sees it (its neighbour entry after the attempt). */
async function neighbourOwner(lab: Topology, ns: string, ip: string): Promise<string | undefined> {
  const r = await ipQuery(ns, ["neigh", "show", ip]);
  const mac = r.ok ? ((JSON.parse(r.stdout || "[]") as { lladdr?: string }[])[0]?.lladdr ?? "") : "";
  if (!mac) return undefined;
  const links = await Promise.all(lab.nodes.map((n) => ipQuery(n.ns, ["link", "show", "eth0"])));
  const i = links.findIndex((l) => l.ok && (JSON.parse(l.stdout) as { address: string }[])[0]?.address === mac);
  return i >= 0 ? lab.nodes[i].name : undefined;
}

/** The router's next hop for `ip`: a node's name, "on-link" (ARP on the LAN), or why none. */
async function routerNextHop(lab: Topology, ip: string): Promise<{ node?: string; onLink: boolean; text: string }> {
  const r = await ipQuery(lab.router.ns, ["route", "get", ip]);
  if (!r.ok) return { onLink: false, text: r.stderr.replace(/^RTNETLINK answers: /, "") };
  const route = (JSON.parse(r.stdout) as { gateway?: string; dev?: string }[])[0] ?? {};
  const node = lab.nodes.find((n) => n.ip === route.gateway)?.name;
  if (route.gateway) return { node, onLink: false, text: `via ${route.gateway}${node ? ` (${node})` : ""} dev ${route.dev}` };
  return { onLink: route.dev === "eth0", text: `directly on ${route.dev}` };
}

/** The report row of an LB flow: path, and for a flow that did not connect, where and why. */
export async function lbVerdict(
  lab: Topology,
  f: TwinFlow,
  seen: ConnectResult,
  firewallDrops: ReadonlySet<string>,
): Promise<{ path: string[]; stoppedAt?: string; reason?: string }> {
  const target = f.lb?.target as LbTarget;
  const viaRouter = f.fromNs === lab.office.ns;
  const hop = viaRouter ? await routerNextHop(lab, f.dst) : undefined;
  const arpOwner = !viaRouter || hop?.onLink ? await neighbourOwner(lab, viaRouter ? lab.router.ns : f.fromNs, f.dst) : undefined;
  const reached = hop?.node ?? arpOwner;
  const path = [f.from, ...(viaRouter ? ["on-prem router"] : []), ...(reached ? [reached] : [])];
  if (seen === "open") return { path };
  const what = `${lbKindLabel(target.kind)} pool ${target.pool}`;
  if (firewallDrops.has(`${f.src}|${f.dst}|${f.port}`))
    return {
      path,
      stoppedAt: "on-prem firewall (office edge)",
      reason: `firewall.json has no row for tcp/${f.port} from ${f.src} to ${f.dst} (${what})`,
    };
  const missing = target.problem ?? `held by ${target.holders.join(", ")}`;
  if (target.kind === "metallb-l2" && !arpOwner)
    return {
      path,
      stoppedAt: "node LAN (ARP)",
      reason: `no node answers ARP for ${f.dst} (${what}): ${missing}`,
    };
  if (target.kind !== "metallb-l2" && viaRouter && !(hop?.node && target.holders.includes(hop.node)))
    return {
      path,
      stoppedAt: "on-prem router",
      reason: `the on-prem router has no route for ${f.dst}/32 via a node that announces it (it routes it ${hop?.text}): ${target.problem ? `nothing announced it: ${target.problem}` : `announced by ${target.holders.join(", ")}; the BGP sessions or router/frr.conf did not install it`}`,
    };
  return { path, stoppedAt: reached ?? f.to, reason: `the packet reaches ${reached ?? "no node"}, yet ${seen}` };
}
