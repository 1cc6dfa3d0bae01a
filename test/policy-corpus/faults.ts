/**
 * Hybrid stacks with one real mistake planted each (the misses of issue 13 and the classic
 * ones): the right policy must report it, naming the resource, property and value.
 */
import { calicoStack, ciliumStack } from "../helpers/policy-fixtures";
import { CorpusStack, plant, res } from "./corpus";
import { edgeCalicoStack, twoClustersStack } from "./hybrid";

const without = (base: () => ReturnType<typeof ciliumStack>, ...names: string[]) => base().filter((r) => !names.includes(r.name));

export const FAULTY: readonly CorpusStack[] = [
  {
    name: "host bits hide a VPC overlap",
    hybrid: true,
    resources: plant(ciliumStack, "hybrid-dev", (i) => (i.remoteNetworkConfig.remoteNodeNetworks.cidrs = ["10.250.7.9/16"])).map((r) =>
      r.name === "hybrid-dev-cilium-bgp" ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs.spec as object), bgpInstances: [] } } } : r,
    ),
    faults: [
      { policy: "cidr-non-overlap", match: /^hybrid-dev \(aws:eks\/cluster:Cluster\): .*10\.250\.7\.9\/16 \(= 10\.250\.0\.0\/16\)/ },
      {
        policy: "remote-cidrs-private",
        match: /remoteNodeNetworks\.cidrs\[0\]: 10\.250\.7\.9\/16 has host bits set \(the network is 10\.250\.0\.0\/16\)/,
      },
      { policy: "remote-cidrs-routable", match: /10\.250\.7\.9\/16 \(= 10\.250\.0\.0\/16\) \(remote node CIDR/ },
      {
        policy: "lb-pools-in-node-network",
        match: /hybrid-dev-lb-pool .*192\.168\.200\.201-192\.168\.200\.220 is not inside the remote node CIDRs/,
      },
    ],
  },
  {
    name: "Calico v3 IPPool outside the remote pod network",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-edge-b", (i) => (i.spec.cidr = "10.244.0.0/16")),
    faults: [
      {
        policy: "pod-pools-in-remote-pod-network",
        match:
          /^edge-edge-b \(kubernetes:projectcalico\.org\/v3:IPPool\): spec\.cidr: 10\.244\.0\.0\/16 is not inside the remote pod CIDRs/,
      },
    ],
  },
  {
    name: "Installation CR pool outside the remote pod network",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-default", (i) => (i.spec.calicoNetwork.ipPools[0].cidr = "172.16.0.0/20")),
    faults: [
      {
        policy: "pod-pools-in-remote-pod-network",
        match:
          /^edge-default \(kubernetes:operator\.tigera\.io\/v1:Installation\): spec\.calicoNetwork\.ipPools\[0\]\.cidr: 172\.16\.0\.0\/20 is not inside/,
      },
    ],
  },
  {
    name: "tigera-operator with no pool: the default 192.168.0.0/16",
    hybrid: true,
    resources: plant(calicoStack, "hybrid-dev-calico", (i) => delete i.values.installation.calicoNetwork.ipPools).filter(
      (r) => r.name !== "hybrid-dev-node-02-pool",
    ),
    faults: [
      {
        policy: "pod-pools-in-remote-pod-network",
        match:
          /^hybrid-dev-calico \(kubernetes:helm\.sh\/v3:Release\): values\.installation\.calicoNetwork\.ipPools \(unset: the operator's default pool\): 192\.168\.0\.0\/16 is not inside/,
      },
    ],
  },
  {
    name: "MetalLB pool covers the MetalLB BGP peer",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-vip", (i) => (i.spec.addresses = ["172.30.0.8/29"])),
    faults: [
      {
        policy: "lb-pools-in-node-network",
        match:
          /^edge-vip \(kubernetes:metallb\.io\/v1beta1:IPAddressPool\): spec\.addresses\[0\]: 172\.30\.0\.8\/29 contains 172\.30\.0\.9, the address of the BGP peer of edge-lb-router \(spec\.peerAddress\)/,
      },
    ],
  },
  {
    name: "IRSA sub names another cluster's issuer",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-ebs-csi", (i) => (i.assumeRolePolicy = i.assumeRolePolicy.replace(/EDGE:sub/, "OTHER:sub"))),
    computed: [["edge-ebs-csi", "assumeRolePolicy"]],
    faults: [
      {
        policy: "irsa-trust-scoped",
        match:
          /^edge-ebs-csi \(aws:iam\/role:Role\): assumeRolePolicy\.Statement\[0\]\.Condition\.StringEquals: oidc\.eks\.eu-central-1\.amazonaws\.com\/id\/OTHER:sub names issuer/,
        preview: false,
      },
    ],
  },
  {
    name: "Cilium pool outside, with an unrelated value unknown",
    hybrid: true,
    resources: plant(ciliumStack, "hybrid-dev-cilium", (i) => {
      i.values.ipam.operator.clusterPoolIPv4PodCIDRList = ["10.0.0.0/8"];
      i.values.operator.replicas = "<unknown>";
    }),
    faults: [
      {
        policy: "pod-pools-in-remote-pod-network",
        match:
          /^hybrid-dev-cilium \(kubernetes:helm\.sh\/v3:Release\): values\.ipam\.operator\.clusterPoolIPv4PodCIDRList\[0\]: 10\.0\.0\.0\/8 is not inside/,
      },
    ],
  },
  {
    name: "no HYBRID_LINUX access entry",
    hybrid: true,
    resources: without(ciliumStack, "hybrid-dev-nodes"),
    faults: [
      {
        policy: "hybrid-access-entry",
        match:
          /^hybrid-dev \(aws:eks\/cluster:Cluster\): remoteNetworkConfig: \(set\) makes this a hybrid cluster, but no HYBRID_LINUX access entry/,
      },
    ],
  },
  {
    name: "a cluster subnet's table without the remote routes",
    hybrid: true,
    resources: twoClustersStack().map((r) =>
      r.name === "team-b-rt" ? { ...r, inputs: { ...r.inputs, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0b" }] } } : r,
    ),
    faults: [
      {
        policy: "remote-cidrs-routable",
        match: /^team-b-rt \(aws:ec2\/routeTable:RouteTable\): routes: 192\.168\.100\.0\/24 \(remote node CIDR of cluster team-b/,
      },
      {
        policy: "remote-cidrs-routable",
        match: /^team-b-rt \(aws:ec2\/routeTable:RouteTable\): routes: 192\.168\.80\.0\/20 \(remote pod CIDR of cluster team-b/,
      },
    ],
  },
  {
    name: "subnets on a main table with no VGW route",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-main", (i) => {
      i.propagatingVgws = [];
      i.routes = [{ cidrBlock: "172.30.0.0/24", gatewayId: "edge-vgw-id" }];
    }),
    faults: [
      {
        policy: "remote-cidrs-routable",
        match:
          /^edge-main \(aws:ec2\/defaultRouteTable:DefaultRouteTable\): routes: 172\.31\.0\.0\/18 .*has no route to the virtual private gateway \(VGW\) edge-vgw/,
        preview: false,
      },
    ],
  },
  {
    name: "kaffinity with the Cilium version unpinned",
    hybrid: true,
    resources: plant(ciliumStack, "hybrid-dev-cilium", (i) => {
      delete i.version;
      i.values.kaffinity = i.values.affinity;
    }),
    faults: [
      {
        policy: "chart-values-known",
        match: /values\.kaffinity: kaffinity is not a key of the Cilium 1\.18\.0 \(version unpinned.*did you mean affinity/,
      },
    ],
  },
  {
    name: "kaffinity on a Cilium newer than the pack's data",
    hybrid: true,
    resources: plant(ciliumStack, "hybrid-dev-cilium", (i) => {
      i.version = "1.19.2";
      i.values.kaffinity = i.values.affinity;
    }),
    faults: [
      { policy: "chart-values-known", match: /kaffinity is not a key of the Cilium 1\.18\.0 \(1\.19\.2 is newer than the pack's data/ },
    ],
  },
  {
    name: "a LoadBalancer Service without a class",
    hybrid: true,
    resources: [
      ...ciliumStack(),
      res("kubernetes:core/v1:Service", "hybrid-dev-web", {
        metadata: { name: "web" },
        spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
      }),
    ],
    faults: [
      {
        policy: "service-load-balancer-class",
        match: /^hybrid-dev-web \(kubernetes:core\/v1:Service\): spec\.loadBalancerClass: \(unset\) on a LoadBalancer Service/,
      },
    ],
  },
  {
    name: "Calico's ASN differs from two peers: reported once, on the setting",
    hybrid: true,
    resources: plant(edgeCalicoStack, "edge-bgp", (i) => (i.spec.asNumber = 65200)),
    faults: [
      {
        policy: "bgp-asn-consistent",
        match:
          /^edge-bgp \(kubernetes:projectcalico\.org\/v3:BGPConfiguration\): spec\.asNumber: 65200 differs from the route reflector's ASN 65100 \(edge-tor-a spec\.asNumber, edge-tor-b spec\.asNumber\)/,
      },
    ],
  },
  {
    name: "the kubelet port open to the world on the cluster's security group",
    hybrid: true,
    resources: [
      ...ciliumStack(),
      res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "hybrid-dev-debug", {
        securityGroupId: "hybrid-dev-cluster-sg-id",
        ipProtocol: "tcp",
        fromPort: 10250,
        toPort: 10250,
        cidrIpv4: "0.0.0.0/0",
      }),
    ],
    faults: [
      {
        policy: "no-world-open-control-ports",
        match:
          /^hybrid-dev-debug \(aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule\): cidrIpv4: 0\.0\.0\.0\/0 port 10250 opens 10250/,
      },
    ],
  },
];
