/**
 * The stack: one NetworkPlan from config, then the components in dependency order.
 * Returns the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudNodes } from "../components/cluster/cloud-nodes";
import { HybridCluster } from "../components/cluster/hybrid-cluster";
import { HybridCniRelease } from "../components/cni/hybrid-cni-release";
import { HybridNodesGateway } from "../components/gateway/hybrid-nodes-gateway";
import { LoadBalancing } from "../components/lb/load-balancing";
import { HybridNetwork } from "../components/network/hybrid-network";
import { renderArtifacts } from "../components/render/artifacts";
import { renderVyosConfig } from "../components/render/router";
import { loadPlan } from "./load-plan";

/** The Pulumi program: `index.ts` exports it. */
export async function hybridStackProgram(): Promise<Record<string, unknown>> {
  const { plan, secrets } = loadPlan();
  const base = plan.cluster.resourceName;
  const artifacts = renderArtifacts(plan);

  const network = new HybridNetwork(base, { plan, tunnelPresharedKeys: secrets.tunnelPresharedKeys });
  const cluster = new HybridCluster(base, {
    plan,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    securityGroupIds: [network.clusterSecurityGroupId],
  });
  // Phase `network` (first deployment): the hybrid nodes join with `nodeadmConfigs` before the
  // CNI exists, because its Helm release and the Cilium CRD wait need running nodes.
  if (plan.phase === "full") {
    const cni = new HybridCniRelease(base, { plan }, { provider: cluster.provider, dependsOn: [cluster] });
    // podRouting: gateway — the gateway needs Cilium with VTEP running before it starts.
    const gateway = plan.gateway
      ? new HybridNodesGateway(
          base,
          {
            plan,
            clusterName: cluster.clusterName,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            routeTableIds: network.remoteRouteTableIds,
            eksClusterSecurityGroupId: cluster.eksClusterSecurityGroupId,
            k8sProvider: cluster.provider,
          },
          { dependsOn: [cni] },
        )
      : undefined;
    // Mixed cluster (podRouting none, or gateway with cni.cloudNodes): cloud nodes for the
    // webhook-serving add-ons and a CoreDNS replica; the releases below wait for them.
    const cloud = plan.cloudNodes
      ? new CloudNodes(
          base,
          {
            plan,
            clusterName: cluster.clusterName,
            subnetIds: network.privateSubnetIds,
            k8sProvider: cluster.provider,
            vpcCni: gateway?.vpcCni,
          },
          { dependsOn: [cni] },
        )
      : undefined;
    new LoadBalancing(
      base,
      {
        plan,
        clusterName: cluster.clusterName,
        vpcId: network.vpcId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcProviderUrl: cluster.oidcProviderUrl,
      },
      // Load balancers reach hybrid pods through the gateway in gateway mode; webhook-serving
      // releases need the cloud nodes they are placed on.
      { provider: cluster.provider, dependsOn: [cni, ...(gateway ? [gateway] : []), ...(cloud ? [cloud.nodeGroup] : [])] },
    );
  }

  return {
    clusterName: cluster.clusterName,
    vpcId: network.vpcId,
    kubeconfig: pulumi.secret(cluster.kubeconfig),
    remoteNodeCidrs: plan.remote.nodeCidrs,
    remotePodCidrs: plan.remote.podCidrs,
    nodePodCidrs: Object.fromEntries(plan.nodes.map((n) => [n.name, n.podCidr])),
    /** The on-prem router's config with the real tunnel values and PSKs (secret); masked in `artifacts`. */
    routerVyosConfig: pulumi.secret(network.vpnTunnels.apply((t) => renderVyosConfig(plan, t))),
    routerFrrConfig: artifacts["router/frr.conf"],
    /** The flows the on-prem firewall must allow (markdown), also `firewall.md` in `artifacts`. */
    firewallFlows: artifacts["firewall.md"],
    transitGatewayId: network.transitGatewayId,
    vpnTunnelOutsideIps: network.vpnTunnelOutsideIps,
    vpnTunnelPresharedKeys: network.vpnTunnelPresharedKeys,
    hybridNodesRoleArn: cluster.hybridNodesRoleArn,
    /** nodeadm NodeConfigs with the real activation code (secret). */
    nodeadmConfigs: cluster.nodeadmConfigs,
    /** On-prem files (masked), written to `out/STACK/` by `npm run plan`. */
    artifacts,
  };
}
