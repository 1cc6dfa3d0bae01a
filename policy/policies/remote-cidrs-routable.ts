/**
 * remote-cidrs-routable: each remote node and pod CIDR has a route to the Transit Gateway (or a
 * VGW) in the stack's VPC route tables, and, with a static-routes VPN, a static route on the
 * Transit Gateway (or a VPN connection route on a VGW).
 */
import { Cidr, parseCidr } from "../../components/plan/cidr";
import { checkRemoteRoutes, checkStaticVpnRoutes, RemoteNetwork } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { isUnknown, str } from "../lib/props";
import { gatewayOwnedPodCidrs } from "../lib/gateway";
import { gatewayRouteTables } from "../lib/routing";
import { hybridClusters, ofType, Plain, T } from "../lib/stack";

function destinations(rs: readonly Plain[]): Cidr[] {
  return rs.flatMap((r) => {
    const t = str(r.p.destinationCidrBlock);
    const p = typeof t === "string" && r.p.blackhole !== true ? parseCidr(t) : undefined;
    return p?.ok ? [p.value] : [];
  });
}

export const remoteCidrsRoutable = stackPolicy<{ requireStaticVpnRoutes: boolean }>({
  name: "remote-cidrs-routable",
  description:
    "Each remote node and pod CIDR is routed to the Transit Gateway or a VGW in the VPC route tables and, with a static VPN, has a static route on the gateway.",
  config: {
    requireStaticVpnRoutes: {
      type: "boolean",
      default: true,
      description: "Check Transit Gateway static routes (or VPN connection routes) for VPNs with staticRoutesOnly.",
    },
  },
  check: (resources, config, notApplicable) => {
    const clusters = hybridClusters(resources);
    if (!clusters.length) return notApplicable("no EKS cluster with remoteNetworkConfig in the stack");
    const { tables, unplaced, any } = gatewayRouteTables(resources);
    if (!any) return notApplicable("the stack has no VPC route tables or routes (the network lives elsewhere)");
    const vpns = ofType(resources, T.vpn).filter((v) => v.p.staticRoutesOnly === true);
    const tgwStatic = destinations(ofType(resources, T.tgwRoute));
    const vgwStatic = destinations(ofType(resources, T.vpnRoute));
    const findings: Finding[] = [];
    // Pod CIDRs an EKS Hybrid Nodes gateway owns are routed by the gateway (gateway-route-tables).
    const gatewayOwned = gatewayOwnedPodCidrs(resources);
    for (const c of clusters) {
      const remote: RemoteNetwork[] = [
        ...c.nodeCidrs.map((x) => ({ key: x.key, role: "remote node CIDR", cidr: x.cidr })),
        ...c.podCidrs.filter((x) => !gatewayOwned.has(x.cidr.text)).map((x) => ({ key: x.key, role: "remote pod CIDR", cidr: x.cidr })),
      ];
      // Routes whose table is unknown in preview count towards "routed somewhere", and leave
      // table-by-table consistency to the update, when the tables are known.
      const all = unplaced.length ? [...tables, { label: "(table unknown in preview)", destinations: unplaced }] : tables;
      findings.push(...checkRemoteRoutes(remote, all, { consistency: unplaced.length === 0 }).map((problem) => ({ res: c.res, problem })));
      if (!config.requireStaticVpnRoutes) continue;
      for (const v of vpns) {
        const onTgw = isUnknown(v.p.transitGatewayId) || typeof v.p.transitGatewayId === "string";
        const label = `${v.name}${onTgw ? " (Transit Gateway)" : " (VGW)"}`;
        findings.push(...checkStaticVpnRoutes(remote, onTgw ? tgwStatic : vgwStatic, label).map((problem) => ({ res: c.res, problem })));
      }
    }
    return findings;
  },
});
