/**
 * gateway-route-tables: an EKS Hybrid Nodes gateway release programs the route tables of every
 * subnet of the cluster (its `routeTableIDs` value), so the control plane's ENIs reach hybrid pods
 * through the active gateway node whichever subnet they sit in.
 */
import { checkGatewayRouteTables } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { clusterSubnetTables, gatewayReleases } from "../lib/gateway";
import { hybridClusters, T } from "../lib/stack";

export const gatewayRouteTables = stackPolicy({
  name: "gateway-route-tables",
  description: "An EKS Hybrid Nodes gateway release programs the route tables of all the cluster's subnets.",
  fix: "set the release's routeTableIDs value to the route tables of every subnet of the cluster",
  meta: {
    reads: [T.helmV3, T.helmV4, T.cluster, T.routeTableAssociation],
    checks: ["every `eks-hybrid-nodes-gateway` release's `routeTableIDs` names the route table of each of the cluster's subnets"],
  },
  check: (ix, _config, notApplicable) => {
    const gateways = gatewayReleases(ix.of(T.helmV3, T.helmV4));
    if (!gateways.length) return notApplicable("no eks-hybrid-nodes-gateway release with known values in the stack");
    const clusters = hybridClusters(ix);
    const associations = ix.of(T.routeTableAssociation);
    const required = clusters.flatMap((c) => clusterSubnetTables(associations, c));
    if (!required.length) return notApplicable("the cluster's subnets have no route table associations in this stack (adopted VPC)");
    const findings: Finding[] = [];
    for (const g of gateways) {
      for (const problem of checkGatewayRouteTables({ key: "values.routeTableIDs", value: g.values.routeTableIDs }, required))
        findings.push({ res: g.res, problem });
    }
    return findings;
  },
});
