/**
 * The EKS Hybrid Nodes gateway as the policies see it: each `eks-hybrid-nodes-gateway` Helm
 * release with its pod CIDRs and route tables, and the route tables of a cluster's subnets
 * (from the stack's route table associations).
 */
import { ClusterSubnetTable, commaList } from "../../components/plan/rules";
import { block, isUnknown, known, str } from "./props";
import { chartName, ClusterFacts, helmCharts, HelmFacts, ofType, Plain } from "./stack";

/** The gateway chart's name. */
export const GATEWAY_CHART = "eks-hybrid-nodes-gateway";

/** Gateway releases whose values are known. */
export function gatewayReleases(resources: readonly Plain[]): HelmFacts[] {
  return helmCharts(resources).filter((h) => chartName(h.chart) === GATEWAY_CHART && h.valuesKnown);
}

/** Pod CIDRs (canonical text) some gateway release of the stack owns. */
export function gatewayOwnedPodCidrs(resources: readonly Plain[]): Set<string> {
  return new Set(gatewayReleases(resources).flatMap((g) => commaList(g.values.podCIDRs)));
}

const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";

/** Route tables associated with the cluster's subnets (known ids only), from the stack's route table associations. */
export function clusterSubnetTables(associations: readonly Plain[], cluster: ClusterFacts): ClusterSubnetTable[] {
  const vpc = block(cluster.res.p.vpcConfig)?.value;
  const subnets = new Set(known<unknown>(vpc?.subnetIds).flatMap(({ value }) => (typeof value === "string" ? [value] : [])));
  return ofType(associations, ASSOCIATION).flatMap((a) => {
    const subnetId = str(a.p.subnetId);
    const routeTableId = str(a.p.routeTableId);
    if (typeof subnetId !== "string" || typeof routeTableId !== "string" || isUnknown(routeTableId)) return [];
    return subnets.has(subnetId) ? [{ subnetId, routeTableId }] : [];
  });
}
