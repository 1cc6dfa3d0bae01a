/**
 * gateway-route-tables: an EKS Hybrid Nodes gateway release programs the route tables of every
 * subnet of the cluster (its `routeTableIDs` value), so the control plane's ENIs reach hybrid pods
 * through the active gateway node whichever subnet they sit in.
 */
import { checkGatewayRouteTables } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { clusterSubnetTables, gatewayReleases } from "../lib/gateway";
import { hybridClusters } from "../lib/stack";

export const gatewayRouteTables = stackPolicy({
  name: "gateway-route-tables",
  description: "An EKS Hybrid Nodes gateway release programs the route tables of all the cluster's subnets.",
  check: (resources, _config, notApplicable) => {
    const gateways = gatewayReleases(resources);
    if (!gateways.length) return notApplicable("no eks-hybrid-nodes-gateway release with known values in the stack");
    const clusters = hybridClusters(resources);
    const required = clusters.flatMap((c) => clusterSubnetTables(resources, c));
    if (!required.length) return notApplicable("the cluster's subnets have no route table associations in this stack (adopted VPC)");
    const findings: Finding[] = [];
    for (const g of gateways) {
      for (const problem of checkGatewayRouteTables({ key: "values.routeTableIDs", value: g.values.routeTableIDs }, required))
        findings.push({ res: g.res, problem });
    }
    return findings;
  },
});
