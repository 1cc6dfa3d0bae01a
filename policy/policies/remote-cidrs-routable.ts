/**
 * remote-cidrs-routable: the route table of every subnet of a hybrid cluster routes each remote
 * node and pod CIDR to the Transit Gateway or a VGW, and a static-routes VPN on that gateway has
 * a static route for each. Only the cluster's own subnets and gateways are judged.
 */
import { Cidr, contains } from "../../components/plan/cidr";
import { Finding, stackPolicy } from "../lib/define";
import { str } from "../lib/props";
import { coverage, RouteTarget, routeTables, subnetTable, TableRoutes } from "../lib/routing";
import { clusterScopes, SCOPE_TYPES } from "../lib/scope";
import { networkOf } from "../lib/cidr-text";
import { Plain, T } from "../lib/stack";
import type { StackIndex } from "../lib/stack-index";
import { gatewayOwnedPodCidrs } from "../lib/gateway";

/** Destinations of static routes (TGW routes or VPN connection routes); undefined entries are unknown. */
function destinations(rs: readonly Plain[]): (Cidr | undefined)[] {
  return rs
    .filter((r) => r.p.blackhole !== true)
    .map((r) => {
      const t = str(r.p.destinationCidrBlock);
      return typeof t === "string" ? networkOf(t) : undefined;
    });
}

/** VPN connections with static routes on a gateway that the cluster's tables route to. */
function staticVpnFindings(
  ix: StackIndex,
  cluster: Plain,
  gateways: Set<Plain>,
  remote: { key: string; role: string; cidr: Cidr }[],
): Finding[] {
  const findings: Finding[] = [];
  for (const v of ix.of(T.vpn)) {
    if (v.p.staticRoutesOnly !== true) continue;
    const tgw = ix.refs(v, "transitGatewayId", v.p.transitGatewayId, [T.tgw])[0];
    const vgw = ix.refs(v, "vpnGatewayId", v.p.vpnGatewayId, [T.vpnGateway])[0];
    const gw = tgw ?? vgw;
    if (!gw || !gateways.has(gw)) continue;
    const dests = tgw
      ? destinations(ix.of(T.tgwRoute))
      : destinations(ix.of(T.vpnRoute).filter((r) => ix.refs(r, "vpnConnectionId", r.p.vpnConnectionId, [T.vpn]).includes(v)));
    if (dests.includes(undefined)) continue; // a static route not known yet
    for (const r of remote) {
      if (dests.some((d) => d && contains(d, r.cidr))) continue;
      findings.push({
        res: v,
        problem: {
          key: "staticRoutesOnly",
          value: "true",
          rule: `but ${tgw ? `Transit Gateway ${tgw.name}` : `VGW ${vgw!.name}`} has no static route for ${r.cidr.text} (${r.role} of cluster ${cluster.name}, ${r.key}), so it cannot reach it over this VPN`,
        },
        fix: tgw
          ? `add an aws:ec2transitgateway/route:Route for ${r.cidr.text} to this VPN's Transit Gateway attachment, or use BGP (staticRoutesOnly: false)`
          : `add an aws:ec2/vpnConnectionRoute:VpnConnectionRoute for ${r.cidr.text}, or use BGP (staticRoutesOnly: false)`,
      });
    }
  }
  return findings;
}

export const remoteCidrsRoutable = stackPolicy<{ requireStaticVpnRoutes: boolean }>({
  name: "remote-cidrs-routable",
  description:
    "Each subnet of a hybrid cluster routes every remote node and pod CIDR to the Transit Gateway or a VGW; static VPNs have a static route for each.",
  fix: "add a route for the CIDR to the gateway in this route table",
  meta: {
    reads: [
      ...SCOPE_TYPES,
      T.routeTable,
      T.defaultRouteTable,
      T.mainRouteTableAssociation,
      T.routeTableAssociation,
      T.route,
      T.vgwPropagation,
      T.vpnGateway,
      T.tgw,
      T.vpn,
      T.tgwRoute,
      T.vpnRoute,
      T.helmV3,
      T.helmV4,
    ],
    checks: [
      "the route table of each cluster subnet (its association's, else the VPC's main table) routes every remote node and pod CIDR to a Transit Gateway or VGW (or a VGW propagates into it); routes to managed prefix lists and values unknown in preview count as possibly routed",
      "a VPN connection with staticRoutesOnly on that gateway has a static route (Transit Gateway route or VPN connection route) covering every remote CIDR",
    ],
  },
  config: {
    requireStaticVpnRoutes: {
      type: "boolean",
      default: true,
      description: "Check Transit Gateway static routes (or VPN connection routes) for VPNs with staticRoutesOnly.",
    },
  },
  check: (ix, config, notApplicable) => {
    const scopes = clusterScopes(ix).filter((s) => s.subnets.length);
    if (!scopes.length) return notApplicable("no hybrid EKS cluster whose subnets are in the stack");
    const rt = routeTables(ix);
    const associations = ix.of(T.routeTableAssociation);
    const findings: Finding[] = [];
    const gatewayOwned = gatewayOwnedPodCidrs(ix.of(T.helmV3, T.helmV4));
    for (const s of scopes) {
      const remote = [
        ...s.facts.nodeCidrs.map((x) => ({ ...x, role: "remote node CIDR" })),
        // Pod CIDRs an EKS Hybrid Nodes gateway owns are routed by the gateway (gateway-route-tables).
        ...s.facts.podCidrs.filter((x) => !gatewayOwned.has(x.cidr.text)).map((x) => ({ ...x, role: "remote pod CIDR" })),
      ];
      const bySubnet = new Map<TableRoutes, Plain[]>();
      for (const sub of s.subnets) {
        const t = subnetTable(ix, sub, rt, associations);
        if (t) bySubnet.set(t, [...(bySubnet.get(t) ?? []), sub]);
      }
      const gateways = new Set<Plain>();
      const used: RouteTarget[] = [];
      const missing: { t: TableRoutes; r: (typeof remote)[number]; subs: Plain[] }[] = [];
      for (const [t, subs] of bySubnet) {
        for (const r of remote) {
          const c = coverage(t, r.cidr, rt.unplaced);
          if (c.kind === "missing") missing.push({ t, r, subs });
          if (c.kind === "routed") used.push(c.via);
        }
        for (const e of t.routes) if ((e.target.kind === "tgw" || e.target.kind === "vgw") && e.target.gw) gateways.add(e.target.gw);
        for (const g of t.propagating) gateways.add(g);
      }
      const via = [...new Set(used.map((u) => (u.kind === "tgw" || u.kind === "vgw" ? u.label : "")).filter(Boolean))];
      const to = via.length === 1 ? `the ${via[0]}` : "the Transit Gateway or VGW";
      for (const { t, r, subs } of missing) {
        const main = t.res.type === T.vpc;
        findings.push({
          res: t.res,
          problem: {
            key: t.res.type === T.vpc ? "(main route table)" : "routes",
            value: r.cidr.text,
            rule: `(${r.role} of cluster ${s.facts.res.name}, ${r.key}) has no route to ${to}${main ? ` in ${t.label}` : ""}, the table of the cluster's subnet${subs.length > 1 ? "s" : ""} ${subs.map((x) => x.name).join(", ")}; the control plane cannot reach it from there`,
          },
          fix: `add an aws:ec2/route:Route for ${r.cidr.text} to ${to} in ${main ? t.label : "this table"}${main ? " (or associate the subnet with a table that has it)" : ""}`,
        });
      }
      if (config.requireStaticVpnRoutes) findings.push(...staticVpnFindings(ix, s.facts.res, gateways, remote));
    }
    return findings;
  },
});
