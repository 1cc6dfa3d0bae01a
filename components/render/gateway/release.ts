/**
 * The `eks-hybrid-nodes-gateway` Helm release and the Cilium values the gateway needs.
 *
 * Required values (getting-started page, "Required Helm values", and the chart's
 * templates/deployment.yaml `required` calls): `vpcCIDR`, `podCIDRs` and `routeTableIDs`, the
 * last two comma-separated. `autoMode.enabled: false` for managed node groups (the chart's
 * default targets EKS Auto Mode nodes). Cilium: `vtep.enabled: true` and `l7Proxy: false`
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-cni.html).
 */
import { NetworkPlan } from "../../plan";
import { GATEWAY } from "../../plan/gateway-plan";
import { chartReference, CniReleaseSpec } from "../cni/release";

/** The gateway's values; `routeTableIds` are the tables of the cluster's subnets (ids, or placeholders). */
export function renderGatewayValues(plan: NetworkPlan, routeTableIds: readonly string[]): Record<string, unknown> {
  if (!plan.gateway) throw new Error("renderGatewayValues: cni.podRouting is not gateway");
  if (routeTableIds.length === 0) throw new Error("renderGatewayValues: no route tables for the gateway to program");
  return {
    autoMode: { enabled: false },
    nodeLabel: GATEWAY.nodeLabel,
    replicas: 2,
    // The gateway writes this CIDR into CiliumVTEPConfig: hybrid nodes send VPC-bound traffic to it.
    vpcCIDR: plan.vpcCidrs[0],
    podCIDRs: plan.remote.podCidrs.join(","),
    routeTableIDs: routeTableIds.join(","),
  };
}

/** The gateway release as plain data. */
export function renderGatewayRelease(plan: NetworkPlan, routeTableIds: readonly string[]): CniReleaseSpec {
  const g = plan.gateway;
  if (!g) throw new Error("renderGatewayRelease: cni.podRouting is not gateway");
  return {
    name: GATEWAY.chart,
    ...chartReference(g.chartRepository, GATEWAY.chart),
    version: g.chartVersion,
    namespace: GATEWAY.namespace,
    createNamespace: true,
    values: renderGatewayValues(plan, routeTableIds),
  };
}

/** Cilium values the gateway needs (merged into the Cilium release in gateway mode; else none). */
export function gatewayCiliumValues(plan: NetworkPlan): Record<string, unknown> {
  if (plan.cni.routing !== "gateway") return {};
  return { vtep: { enabled: true }, l7Proxy: false };
}

/**
 * Configuration of the Amazon VPC CNI add-on on the gateway (cloud) nodes: no SNAT towards the
 * hybrid pod CIDRs, so ClusterIP traffic from cloud pods to hybrid pods keeps its pod source and
 * takes the VPC route to the gateway (hybrid-nodes-gateway-cni page, "Configure VPC CNI").
 */
export function vpcCniAddonConfiguration(plan: NetworkPlan): Record<string, unknown> {
  return { env: { AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: plan.remote.podCidrs.join(",") } };
}
