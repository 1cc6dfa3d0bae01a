/**
 * Example consumer (a): an existing VPC and an existing EKS cluster get hybrid nodes with Cilium
 * BGP. The ids come from this project's stack config; the rest of the network is a plain object,
 * checked by `buildPlan` (which throws with every problem) before any resource is declared.
 *
 * Nothing here creates a VPC or a cluster: the adopted cluster must already list the remote node
 * and pod networks below (`remoteNetworkConfig`); this program adds the Transit Gateway, VPN,
 * routes, the hybrid nodes' IAM and credentials, Cilium with its BGP objects, and LB IPAM.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildPlan, HybridCluster, HybridCniRelease, HybridNetwork, LoadBalancing } from "eks-hybrid-network";

export = async (): Promise<Record<string, unknown>> => {
  const cfg = new pulumi.Config();
  const plan = buildPlan({
    region: new pulumi.Config("aws").require("region"),
    cluster: {
      name: cfg.require("clusterName"),
      existingClusterName: cfg.require("clusterName"),
      serviceCidr: "172.20.0.0/16",
    },
    vpc: {
      existingVpcId: cfg.require("vpcId"),
      existingCidrs: cfg.requireObject<string[]>("vpcCidrs"),
      existingPrivateSubnetIds: cfg.requireObject<string[]>("privateSubnetIds"),
      existingPrivateRouteTableIds: cfg.requireObject<string[]>("privateRouteTableIds"),
      existingSubnetsTagged: true,
    },
    onPrem: {
      nodeCidrs: ["10.80.0.0/24"],
      podCidrs: ["10.81.0.0/22"],
      customerGatewayIp: "198.51.100.20",
      vpnRouting: "bgp",
    },
    router: { kind: "frr", address: "10.80.0.1", asn: 65010 },
    nodes: [
      { name: "edge-01", ip: "10.80.0.21" },
      { name: "edge-02", ip: "10.80.0.22" },
    ],
    cni: { kind: "cilium", version: "1.18.3-0", routing: "bgp" },
    loadBalancing: {
      ciliumLbIpam: { enabled: true, addressPools: [{ name: "edge-lb", addresses: ["10.80.0.200-10.80.0.220"] }] },
    },
  });

  const network = new HybridNetwork("edge", { plan });
  const cluster = new HybridCluster("edge", {
    plan,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    securityGroupIds: [network.clusterSecurityGroupId],
  });
  const cni = new HybridCniRelease("edge", { plan }, { provider: cluster.provider, dependsOn: [cluster] });
  new LoadBalancing(
    "edge",
    {
      plan,
      clusterName: cluster.clusterName,
      vpcId: network.vpcId,
      oidcProviderArn: cluster.oidcProviderArn,
      oidcProviderUrl: cluster.oidcProviderUrl,
    },
    { provider: cluster.provider, dependsOn: [cni] },
  );

  return {
    transitGatewayId: network.transitGatewayId,
    vpnTunnelOutsideIps: network.vpnTunnelOutsideIps,
    nodeadmConfigs: cluster.nodeadmConfigs,
  };
};
