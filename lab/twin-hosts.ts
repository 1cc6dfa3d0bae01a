/**
 * Builds the AWS half of the twin in namespaces: the VPC router applying each subnet's route
 * table (policy routing: `iif <subnet port> lookup <table>`, then `unreachable`, so that a
 * missing route is a missing route and never falls through), the Transit Gateway applying the
 * route table its attachment is associated with (no association: unreachable), the tunnels as
 * point-to-point veths to the router's `vti1`/`vti2`, the security groups' rules as a stateful
 * nftables ruleset on the control-plane ENI, and the Internet (`isp`) behind the router's `wan0`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsModel, SgRule } from "./aws-model";
import { NetScript } from "./net-script";
import { sgAcceptLines } from "./sg-nft";
import { loadNft, nsRunAsync } from "./sys";
import { gatewayNodeScript, loadGatewaySg, nodeVtepScript } from "./twin-gateway";
import { TwinTopology } from "./twin-topology";
import { Topology } from "./types";

/** Kernel table numbers: VPC route tables from 100, TGW route tables from 200, VPC local 99. */
export const VPC_LOCAL_TABLE = 99;
export const vpcTableNumber = (model: AwsModel, id: string) => 100 + [...new Set(model.subnets.map((s) => s.routeTable.id))].indexOf(id);
export const tgwTableNumber = (model: AwsModel, id: string) => 200 + model.tgw.routeTables.findIndex((t) => t.id === id);

/** Interfaces of each TGW attachment in the `tgw` namespace. */
export function attachmentInterfaces(t: TwinTopology): Map<string, string[]> {
  return new Map([
    [t.model.vpcAttachment.id, ["vpc0"]],
    [t.model.vpn.attachmentId, ["t1", "t2"]],
  ]);
}

function vpcRouter(t: TwinTopology, s: NetScript): void {
  const ns = t.vpcRouter.ns;
  const ipn = (n: string, ...args: string[]) => s.ip(n, ...args);
  s.set(ns, "net.ipv4.ip_forward", 1);
  for (const h of t.hosts) {
    s.veth(ns, h.routerPort, h.ns, "eth0");
    ipn(ns, "addr", "add", `${h.routerIp}/${h.prefixLen}`, "dev", h.routerPort);
    ipn(h.ns, "addr", "add", `${h.ip}/${h.prefixLen}`, "dev", "eth0");
    ipn(h.ns, "route", "add", "default", "via", h.routerIp, "dev", "eth0");
    ipn(ns, "route", "add", h.subnet.cidr, "dev", h.routerPort, "table", String(VPC_LOCAL_TABLE));
  }
  ipn(ns, "addr", "add", `${t.transit.vr}/30`, "dev", "tgw0");
  for (const table of new Set(t.hosts.map((h) => h.subnet.routeTable))) {
    const n = String(vpcTableNumber(t.model, table.id));
    // The local route of the VPC: every emulated subnet on its port.
    for (const h of t.hosts) ipn(ns, "route", "add", h.subnet.cidr, "dev", h.routerPort, "table", n);
    // The gateway's leader programs the pod CIDRs into the route tables of its release's values.
    const gw = t.gateway;
    if (gw?.model.routeTableIds.includes(table.id))
      for (const c of gw.model.podCidrs) ipn(ns, "route", "replace", c, "via", gw.host.ip, "dev", gw.host.routerPort, "table", n);
    for (const r of table.routes) {
      if (r.target === "tgw") ipn(ns, "route", "replace", r.destination, "via", t.transit.tgw, "dev", "tgw0", "table", n);
      // Internet and NAT egress of the VPC are not emulated: a blackhole, so nothing leaks elsewhere.
      else ipn(ns, "route", "replace", "blackhole", r.destination, "table", n);
    }
  }
  t.hosts.forEach((h, i) => {
    ipn(
      ns,
      "rule",
      "add",
      "pref",
      String(1000 + i),
      "iif",
      h.routerPort,
      "lookup",
      String(vpcTableNumber(t.model, h.subnet.routeTable.id)),
    );
    ipn(ns, "rule", "add", "pref", String(3000 + i), "iif", h.routerPort, "unreachable");
  });
  ipn(ns, "rule", "add", "pref", "2000", "iif", "tgw0", "lookup", String(VPC_LOCAL_TABLE));
  ipn(ns, "rule", "add", "pref", "3999", "iif", "tgw0", "unreachable");
}

function transitGateway(t: TwinTopology, lab: Topology, s: NetScript): void {
  const ns = t.tgw.ns;
  const ipn = (n: string, ...args: string[]) => s.ip(n, ...args);
  s.set(ns, "net.ipv4.ip_forward", 1);
  ipn(ns, "addr", "add", `${t.transit.tgw}/30`, "dev", "vpc0");
  t.tunnels.forEach((tun, i) => {
    s.veth(ns, `t${i + 1}`, lab.router.ns, `vti${i + 1}`);
    ipn(ns, "addr", "add", `${tun.aws}/30`, "dev", `t${i + 1}`);
    ipn(lab.router.ns, "addr", "add", `${tun.router}/30`, "dev", `vti${i + 1}`);
    // A VTI is point-to-point: whatever the router routes into it reaches AWS's end.
    s.set(ns, `net.ipv4.conf.t${i + 1}.proxy_arp`, 1);
  });
  const ifaces = attachmentInterfaces(t);
  let pref = 1000;
  t.model.tgw.routeTables.forEach((rt) => {
    const n = String(tgwTableNumber(t.model, rt.id));
    if (rt.propagations.has(t.model.vpcAttachment.id))
      for (const c of t.model.vpcCidrs) ipn(ns, "route", "replace", c, "via", t.transit.vr, "dev", "vpc0", "table", n);
    for (const r of rt.routes) {
      if (r.blackhole) ipn(ns, "route", "replace", "blackhole", r.destination, "table", n);
      else if (r.attachment === t.model.vpcAttachment.id)
        ipn(ns, "route", "replace", r.destination, "via", t.transit.vr, "dev", "vpc0", "table", n);
      else if (r.attachment === t.model.vpn.attachmentId) {
        ipn(ns, "route", "append", r.destination, "via", t.tunnels[0].router, "dev", "t1", "metric", "10", "table", n);
        ipn(ns, "route", "append", r.destination, "via", t.tunnels[1].router, "dev", "t2", "metric", "20", "table", n);
      }
    }
    for (const [att] of rt.associations) {
      for (const dev of ifaces.get(att) ?? []) {
        ipn(ns, "rule", "add", "pref", String(pref++), "iif", dev, "lookup", n);
        // Routes the VPN propagates (BGP) are in bgpd's table, the kernel's main table.
        if (rt.propagations.has(t.model.vpn.attachmentId)) ipn(ns, "rule", "add", "pref", String(pref++), "iif", dev, "lookup", "main");
      }
    }
  });
  for (const dev of ["vpc0", "t1", "t2"]) ipn(ns, "rule", "add", "pref", "4000", "iif", dev, "unreachable");
}

function internet(t: TwinTopology, lab: Topology, s: NetScript): void {
  const ipn = (n: string, ...args: string[]) => s.ip(n, ...args);
  s.veth(lab.router.ns, "wan0", t.isp.ns, "eth0");
  ipn(lab.router.ns, "addr", "add", `${t.isp.routerWan}/32`, "dev", "wan0");
  ipn(lab.router.ns, "route", "add", `${t.isp.ip}/32`, "dev", "wan0");
  // The router's Internet uplink (not part of the rendered config: the site's default route).
  ipn(lab.router.ns, "route", "add", "default", "via", t.isp.ip, "dev", "wan0");
  ipn(t.isp.ns, "addr", "add", `${t.isp.ip}/32`, "dev", "eth0");
  ipn(t.isp.ns, "route", "add", `${t.isp.routerWan}/32`, "dev", "eth0");
  ipn(t.isp.ns, "route", "add", "default", "via", t.isp.routerWan, "dev", "eth0");
  ipn(t.isp.ns, "addr", "add", `${t.isp.publicEndpoint}/32`, "dev", "lo");
}

/** The security groups' rules as an nftables ruleset (stateful, default drop, a counter per rule). */
export function sgRuleset(model: AwsModel): string {
  const rules = (dir: SgRule["direction"]) => sgAcceptLines(model.sgRules, dir);
  return [
    "table ip sg {",
    // Which connection each drop belonged to: the twin sends its flows at once and names the
    // rule a flow lacked from these sets (no counter arithmetic, no second send).
    "  set ingress_drops { type ipv4_addr . ipv4_addr . inet_service; flags dynamic; }",
    "  set egress_drops { type ipv4_addr . ipv4_addr . inet_service; flags dynamic; }",
    "  chain ingress {",
    "    type filter hook input priority 0; policy drop;",
    '    iif "lo" accept',
    "    ct state established,related accept",
    ...rules("ingress"),
    "    meta l4proto tcp add @ingress_drops { ip saddr . ip daddr . tcp dport }",
    '    counter comment "no ingress rule"',
    "  }",
    "  chain egress {",
    "    type filter hook output priority 0; policy drop;",
    '    oif "lo" accept',
    "    ct state established,related accept",
    ...rules("egress"),
    "    meta l4proto tcp add @egress_drops { ip saddr . ip daddr . tcp dport }",
    '    counter comment "no egress rule"',
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The AWS half's links, addresses, tables and rules into `s` (its namespaces are added with the lab's). */
export function twinScript(t: TwinTopology, lab: Topology, s: NetScript): void {
  s.veth(t.vpcRouter.ns, "tgw0", t.tgw.ns, "vpc0");
  vpcRouter(t, s);
  transitGateway(t, lab, s);
  internet(t, lab, s);
  if (t.gateway) {
    gatewayNodeScript(s, t.gateway.host.ns, t.gateway.host.ip, lab.nodes);
    for (const n of lab.nodes) nodeVtepScript(s, n, t.gateway.host.ip, t.model.vpcCidrs);
  }
}

/** The AWS half's security groups as nftables (its network is built by {@link twinScript}). */
export function loadTwinFilters(t: TwinTopology, dir: string): void {
  if (t.gateway) loadGatewaySg(t.gateway.host.ns, t.gateway.model, dir);
  const eni = t.hosts.find((h) => h.role === "eni")!;
  const file = path.join(dir, "sg.nft");
  fs.writeFileSync(file, sgRuleset(t.model));
  loadNft(eni.ns, file);
}

/** TCP connections (`src|dst|port`) the security groups dropped: `{ ingress, egress }`. */
export async function sgDropped(t: TwinTopology): Promise<{ ingress: Set<string>; egress: Set<string> }> {
  const eni = t.hosts.find((h) => h.role === "eni")!;
  const [ingress, egress] = await Promise.all(["ingress_drops", "egress_drops"].map((set) => droppedIn(eni.ns, "sg", set)));
  return { ingress, egress };
}

/** Elements of a drop set (`ip saddr . ip daddr . tcp dport`) as `src|dst|port`. */
export async function droppedIn(ns: string, table: string, set: string): Promise<Set<string>> {
  const r = await nsRunAsync(ns, "nft", ["-j", "list", "set", "ip", table, set]);
  const out = new Set<string>();
  if (!r.ok) return out;
  for (const item of JSON.parse(r.stdout).nftables as any[])
    for (const e of item.set?.elem ?? []) {
      const c = e.concat ?? e.elem?.val?.concat;
      if (Array.isArray(c)) out.add(c.join("|"));
    }
  return out;
}

/** What AWS announces to the VPN: what the route table associated with the VPN attachment holds toward the VPC. */
export function tgwAnnounced(t: TwinTopology): string[] {
  const assoc = t.model.tgw.routeTables.find((rt) => rt.associations.has(t.model.vpn.attachmentId));
  const announce = assoc
    ? [
        ...(assoc.propagations.has(t.model.vpcAttachment.id) ? t.model.vpcCidrs : []),
        ...assoc.routes.filter((r) => r.attachment === t.model.vpcAttachment.id).map((r) => r.destination),
      ]
    : [];
  return [...new Set(announce)];
}

/** The AWS side's BGP speaker on both tunnels (lab-only config; AWS's timers, fast reconnects). */
export function tgwFrrConf(t: TwinTopology): string {
  const announce = tgwAnnounced(t);
  return [
    "frr defaults traditional",
    "hostname aws-tgw",
    "log stdout informational",
    `router bgp ${t.tgw.asn}`,
    ` bgp router-id ${t.transit.tgw}`,
    " no bgp ebgp-requires-policy",
    " no bgp network import-check",
    ...t.tunnels.flatMap((tun) => [
      ` neighbor ${tun.router} remote-as ${t.model.vpn.customerGatewayAsn}`,
      ` neighbor ${tun.router} timers 10 30`,
      ` neighbor ${tun.router} timers connect 1`,
      ` neighbor ${tun.router} advertisement-interval 0`,
    ]),
    " address-family ipv4 unicast",
    ...announce.map((c) => `  network ${c}`),
    " exit-address-family",
    "exit",
    "",
  ].join("\n");
}
