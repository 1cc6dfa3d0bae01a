/**
 * Where a packet stops: the twin asks each host's kernel, hop by hop, where it would send the
 * packet (`ip route get DST from SRC iif IN`), follows the link to the next host, and names
 * the hop and the resource or config line responsible when a host has no route. Pure reading of
 * the namespaces, no packet is sent.
 */
import { containsIp, parseCidr, parseIpv4 } from "../components/plan";
import { ipQuery } from "./ip-run";
import { attachmentInterfaces } from "./twin-hosts";
import { servedBy } from "./twin-gateway";
import { TwinTopology } from "./twin-topology";
import { Topology } from "./types";

/** One host the packet went through. */
export interface Hop {
  readonly host: string;
  readonly ns: string;
}

/** A trace: the hosts in order, and where and why it stopped when it did not arrive. */
export interface Trace {
  readonly hops: readonly Hop[];
  readonly arrived: boolean;
  readonly stoppedAt?: string;
  readonly reason?: string;
}

interface Place {
  readonly ns: string;
  readonly host: string;
  readonly iif?: string;
}

/** Host names of every namespace of the lab and the twin. */
export function hostNames(lab: Topology, t: TwinTopology): Map<string, string> {
  return new Map<string, string>([
    [lab.router.ns, "on-prem router"],
    [lab.client.ns, "on-prem client"],
    [lab.office.ns, "office client"],
    ...lab.nodes.map((n) => [n.ns, n.name] as [string, string]),
    [t.vpcRouter.ns, "VPC router"],
    [t.tgw.ns, "Transit Gateway"],
    [t.isp.ns, "Internet"],
    ...t.hosts.map(
      (h) => [h.ns, h.role === "eni" ? "control-plane ENI" : h.role === "gw" ? "gateway node" : "load balancer node"] as [string, string],
    ),
  ]);
}

/** The host behind `dev` of `ns` for a packet to `next` (gateway or destination). */
function peer(lab: Topology, t: TwinTopology, ns: string, dev: string, next: string): { ns: string; iif: string } | undefined {
  const lanHosts = [
    { ns: lab.router.ns, ip: lab.router.ip },
    { ns: lab.client.ns, ip: lab.client.ip },
    ...lab.nodes.map((n) => ({ ns: n.ns, ip: n.ip, blocks: n.heldBlocks })),
  ];
  if (ns === lab.office.ns) return { ns: lab.router.ns, iif: "cl0" };
  // The gateway path: VXLAN VNI 2 between the gateway node and Cilium's VTEP on the hybrid node.
  if (dev === "hybrid_vxlan0") {
    const n = lab.nodes.find((x) => x.ip === next);
    return n ? { ns: n.ns, iif: "cilium_vxlan" } : undefined;
  }
  if (dev === "cilium_vxlan" && t.gateway) return { ns: t.gateway.host.ns, iif: "hybrid_vxlan0" };
  if (ns === lab.router.ns && dev === "cl0") return { ns: lab.office.ns, iif: "eth0" };
  const host = t.hosts.find((h) => h.ns === ns);
  if (host) return { ns: t.vpcRouter.ns, iif: host.routerPort };
  if (ns === t.vpcRouter.ns) {
    if (dev === "tgw0") return { ns: t.tgw.ns, iif: "vpc0" };
    const h = t.hosts.find((x) => x.routerPort === dev);
    return h ? { ns: h.ns, iif: "eth0" } : undefined;
  }
  if (ns === t.tgw.ns) return dev === "vpc0" ? { ns: t.vpcRouter.ns, iif: "tgw0" } : { ns: lab.router.ns, iif: dev.replace("t", "vti") };
  if (ns === t.isp.ns) return { ns: lab.router.ns, iif: "wan0" };
  if (ns === lab.router.ns && /^vti[12]$/.test(dev)) return { ns: t.tgw.ns, iif: dev.replace("vti", "t") };
  if (ns === lab.router.ns && dev === "wan0") return { ns: t.isp.ns, iif: "eth0" };
  const owner = lanHosts.find((h) => h.ip === next && h.ns !== ns);
  return owner ? { ns: owner.ns, iif: "eth0" } : undefined;
}

/** Why `place` cannot forward to `dst`: the responsible resource or config. */
function explain(lab: Topology, t: TwinTopology, place: Place, dst: string, kernel: string): string {
  const m = t.model;
  if (place.ns === t.vpcRouter.ns) {
    const h = t.hosts.find((x) => x.routerPort === place.iif);
    if (!h) return `the VPC has no subnet holding ${dst} (${kernel})`;
    const rt = h.subnet.routeTable;
    const via = h.subnet.association ? `associated by ${h.subnet.association}` : "the main route table: no association";
    const gw = t.gateway?.model;
    if (gw && servedBy(gw, dst) && !gw.routeTableIds.includes(rt.id))
      return `VPC route table ${rt.name} (subnet ${h.subnet.name}, ${via}) has no route for ${dst}: the gateway release ${gw.release} programs its pod CIDRs only into routeTableIDs ${gw.routeTableIds.join(", ")}`;
    const hit = rt.routes.find((r) => r.target !== "tgw" && kernel.includes("blackhole"));
    return hit
      ? `VPC route table ${rt.name} (subnet ${h.subnet.name}, ${via}) sends ${dst} to ${hit.target}, not emulated (${hit.resource})`
      : `VPC route table ${rt.name} (subnet ${h.subnet.name}, ${via}) has no route for ${dst}`;
  }
  if (place.ns === t.tgw.ns) {
    const att = [...attachmentInterfaces(t)].find(([, devs]) => devs.includes(place.iif ?? ""))?.[0] ?? "?";
    const attName = att === m.vpcAttachment.id ? `VPC attachment ${m.vpcAttachment.name}` : `VPN attachment of ${m.vpn.name}`;
    const rt = m.tgw.routeTables.find((r) => r.associations.has(att));
    if (!rt) return `the TGW ${attName} has no route table association (no aws:ec2transitgateway/routeTableAssociation for ${att})`;
    const props = [...rt.propagations.values()].join(", ") || "none";
    const statics = rt.routes.map((r) => `${r.destination} (${r.resource})`).join(", ") || "none";
    return `TGW route table ${rt.name} (associated with the ${attName} by ${rt.associations.get(att)}) has no route for ${dst}; static routes: ${statics}; propagations: ${props}`;
  }
  if (place.ns === lab.router.ns)
    return `the on-prem router has no route for ${dst} (router/frr.conf: ${lab.mode === "bgp" ? "BGP" : "static routes"}; ${kernel})`;
  return `${place.host} has no route for ${dst} (${kernel})`;
}

function inVpc(t: TwinTopology, ip: string): boolean {
  return inCidrs(t.model.vpcCidrs, ip);
}

function inCidrs(cidrs: readonly string[], ip: string): boolean {
  const a = parseIpv4(ip);
  return (
    a.ok &&
    cidrs.some((c) => {
      const p = parseCidr(c);
      return p.ok && containsIp(p.value, a.value);
    })
  );
}

/** Follow a packet from `srcNs` (address `src`) to `dst`, at most 12 hops. */
export async function trace(lab: Topology, t: TwinTopology, srcNs: string, src: string, dst: string): Promise<Trace> {
  const names = hostNames(lab, t);
  let place: Place = { ns: srcNs, host: names.get(srcNs) ?? srcNs };
  const hops: Hop[] = [];
  for (let i = 0; i < 12; i++) {
    hops.push({ host: place.host, ns: place.ns });
    // Traces of all flows advance together: the lookups of one namespace share one `ip -batch`.
    const r = await ipQuery(place.ns, ["route", "get", dst, "from", src, ...(place.iif ? ["iif", place.iif] : [])]);
    if (!r.ok)
      return {
        hops,
        arrived: false,
        stoppedAt: place.host,
        reason: explain(lab, t, place, dst, r.stderr.replace(/^RTNETLINK answers: /, "").trim()),
      };
    const route = (JSON.parse(r.stdout) as { type?: string; dev?: string; gateway?: string }[])[0] ?? {};
    if (route.type === "local") return { hops, arrived: true };
    if (route.type && route.type !== "unicast")
      return { hops, arrived: false, stoppedAt: place.host, reason: explain(lab, t, place, dst, `${route.type} route`) };
    if (place.ns === lab.router.ns && route.dev === "wan0" && inCidrs(t.model.cluster.remotePodCidrs, dst))
      return {
        hops,
        arrived: false,
        stoppedAt: place.host,
        reason: `the on-prem router has no route for ${dst} (remote pod network ${t.model.cluster.remotePodCidrs.join(", ")}) into the node LAN: it sends it to the Internet (router/frr.conf${lab.mode === "gateway" || lab.mode === "none" ? `; cni.podRouting ${lab.mode}: on-prem routes no pod CIDRs` : ""})`,
      };
    if (place.ns === lab.router.ns && route.dev === "wan0" && inVpc(t, dst))
      return {
        hops,
        arrived: false,
        stoppedAt: place.host,
        reason: `the on-prem router has no route into the tunnels for ${dst} (VPC ${t.model.vpcCidrs.join(", ")}): it sends it to the Internet (router/frr.conf: ${lab.mode === "bgp" || !t.model.vpn.staticRoutesOnly ? "BGP with the tunnel peers" : "ip route … vti1/vti2"})`,
      };
    const next = peer(lab, t, place.ns, String(route.dev), route.gateway ?? dst);
    if (!next)
      return {
        hops,
        arrived: false,
        stoppedAt: place.host,
        reason: `${place.host} sends ${dst} out of ${route.dev}, where no twin host answers`,
      };
    place = { ns: next.ns, iif: next.iif, host: names.get(next.ns) ?? next.ns };
  }
  return { hops, arrived: false, stoppedAt: place.host, reason: "routing loop (12 hops)" };
}
