/**
 * Example consumer (b): a new VPC and a new EKS cluster for hybrid nodes with Calico (one IP pool
 * per node, static routes on the on-prem router) and MetalLB in L2 mode for LoadBalancer Services.
 * The whole network is a plain object, checked by `buildPlan` before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildPlan, HybridCluster, HybridCniRelease, HybridNetwork, LoadBalancing, renderFrrConfig } from "eks-hybrid-network";

export = async (): Promise<Record<string, unknown>> => {
  const plan = buildPlan({
    region: new pulumi.Config("aws").require("region"),
    cluster: { name: "branch-lab", kubernetesVersion: "1.35", serviceCidr: "172.16.0.0/16" },
    vpc: { cidr: "10.60.0.0/16", azCount: 2, natGateways: "single" },
    onPrem: {
      nodeCidrs: ["192.168.50.0/24"],
      podCidrs: ["192.168.64.0/22"],
      customerGatewayIp: "203.0.113.50",
      vpnRouting: "static",
    },
    router: { kind: "frr", address: "192.168.50.1" },
    nodes: [
      { name: "branch-01", ip: "192.168.50.11" },
      { name: "branch-02", ip: "192.168.50.12" },
      { name: "branch-03", ip: "192.168.50.13" },
    ],
    cni: { kind: "calico", routing: "static" },
    loadBalancing: {
      metallb: { enabled: true, mode: "l2", addressPools: [{ name: "branch-lb", addresses: ["192.168.50.200-192.168.50.220"] }] },
    },
  });

  const network = new HybridNetwork("branch", {
    plan,
    tunnelPresharedKeys: [new pulumi.Config().getSecret("tunnel1Psk"), new pulumi.Config().getSecret("tunnel2Psk")],
  });
  const cluster = new HybridCluster("branch", {
    plan,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    securityGroupIds: [network.clusterSecurityGroupId],
  });
  const cni = new HybridCniRelease("branch", { plan }, { provider: cluster.provider, dependsOn: [cluster] });
  new LoadBalancing(
    "branch",
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
    clusterName: cluster.clusterName,
    kubeconfig: cluster.kubeconfig,
    // The on-prem router's static routes to each node's pod block (tunnel values as placeholders).
    routerFrrConfig: renderFrrConfig(plan),
  };
};
