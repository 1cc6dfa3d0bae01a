/**
 * gateway-pod-routes-not-in-iac: where an EKS Hybrid Nodes gateway owns the pod CIDRs, no VPC
 * route for them (or inside them) is also created by the stack — the gateway points them at the
 * active gateway node's ENI and moves them on failover.
 */
import { checkGatewayOwnsPodRoutes, IacRoute } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { gatewayReleases } from "../lib/gateway";
import { known, str } from "../lib/props";
import { ofType, T } from "../lib/stack";

export const gatewayPodRoutesNotInIac = stackPolicy({
  name: "gateway-pod-routes-not-in-iac",
  description: "VPC routes for the pod CIDRs an EKS Hybrid Nodes gateway owns are not also created by the stack.",
  check: (resources, _config, notApplicable) => {
    const gateways = gatewayReleases(resources);
    if (!gateways.length) return notApplicable("no eks-hybrid-nodes-gateway release with known values in the stack");
    const routes: { res: (typeof resources)[number]; route: IacRoute }[] = [];
    for (const r of ofType(resources, T.route)) {
      const d = str(r.p.destinationCidrBlock);
      if (typeof d === "string") routes.push({ res: r, route: { key: "destinationCidrBlock", destination: d, owner: r.name } });
    }
    for (const rt of ofType(resources, T.routeTable)) {
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
