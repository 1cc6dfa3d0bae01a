/**
 * gateway-pod-routes-not-in-iac: where an EKS Hybrid Nodes gateway owns the pod CIDRs, no VPC
 * route for them (or inside them) is also created by the stack — the gateway points them at the
 * active gateway node's ENI and moves them on failover.
 */
import { checkGatewayOwnsPodRoutes, IacRoute } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { gatewayReleases } from "../lib/gateway";
import { known, str } from "../lib/props";
import { Plain, T } from "../lib/stack";

export const gatewayPodRoutesNotInIac = stackPolicy({
  name: "gateway-pod-routes-not-in-iac",
  description: "VPC routes for the pod CIDRs an EKS Hybrid Nodes gateway owns are not also created by the stack.",
  fix: "remove the route: the gateway creates and moves the pod-CIDR routes itself (node-CIDR routes through the Transit Gateway stay)",
  meta: {
    reads: [T.helmV3, T.helmV4, T.route, T.routeTable],
    checks: ["no `Route` or inline route-table route has a destination inside the pod CIDRs an `eks-hybrid-nodes-gateway` release owns"],
  },
  check: (ix, _config, notApplicable) => {
    const gateways = gatewayReleases(ix.of(T.helmV3, T.helmV4));
    if (!gateways.length) return notApplicable("no eks-hybrid-nodes-gateway release with known values in the stack");
    const routes: { res: Plain; route: IacRoute }[] = [];
    for (const r of ix.of(T.route)) {
      const d = str(r.p.destinationCidrBlock);
      if (typeof d === "string") routes.push({ res: r, route: { key: "destinationCidrBlock", destination: d, owner: r.name } });
    }
    for (const rt of ix.of(T.routeTable)) {
      for (const { index, value } of known<any>(rt.p.routes)) {
        const d = str(value?.cidrBlock);
        if (typeof d === "string") routes.push({ res: rt, route: { key: `routes[${index}].cidrBlock`, destination: d, owner: rt.name } });
      }
    }
    const findings: Finding[] = [];
    for (const g of gateways) {
      for (const { res, route } of routes) {
        for (const problem of checkGatewayOwnsPodRoutes({ key: "values.podCIDRs", value: g.values.podCIDRs }, [route]))
          findings.push({ res, problem });
      }
    }
    return findings;
  },
});
