/**
 * Each policy fails on a mutated copy of a passing stack, with a message that names the
 * resource, the value and the rule. The stacks are shaped like real @pulumi/aws and
 * @pulumi/kubernetes inputs (test/helpers/policy-fixtures.ts).
 */
import { strict as assert } from "node:assert";
import { PackConfig, runPolicies } from "../policy/harness";
import { calicoStack, ciliumStack, mutate, OIDC } from "./helpers/policy-fixtures";

type Case = { name: string; stack: () => ReturnType<typeof ciliumStack>; policy: string; expect: RegExp; config?: PackConfig };

const C = "hybrid-dev";
const cluster = (stack: () => ReturnType<typeof ciliumStack>, change: (i: any) => void) => () => mutate(stack(), C, change);
const on = (stack: () => ReturnType<typeof ciliumStack>, name: string, change: (i: any) => void) => () => mutate(stack(), name, change);
const cilium = (change: (v: any) => void) => on(ciliumStack, "hybrid-dev-cilium", (i) => change(i.values));
const irsa = (statementChange: (s: any) => void) =>
  on(ciliumStack, "hybrid-dev-lbc-role", (i) => {
    const doc = JSON.parse(i.assumeRolePolicy);
    statementChange(doc.Statement[0]);
    i.assumeRolePolicy = JSON.stringify(doc);
  });
const without =
  (stack: () => ReturnType<typeof ciliumStack>, ...names: string[]) =>
  () =>
    stack().filter((r) => !names.includes(r.name));

const cases: Case[] = [
  // remote-cidrs-private
  {
    name: "the article's pod CIDR typo",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["192.16.32.0/23"])),
    policy: "remote-cidrs-private",
    expect:
      /^hybrid-dev \(aws:eks\/cluster:Cluster\): remoteNetworkConfig\.remotePodNetworks\.cidrs\[0\]: 192\.16\.32\.0\/23 is public \(not RFC 1918 or 100\.64\.0\.0\/10\)/,
  },
  {
    name: "a /7 node network",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remoteNodeNetworks.cidrs = ["10.0.0.0/7"])),
    policy: "remote-cidrs-private",
    expect: /remoteNodeNetworks\.cidrs\[0\]: 10\.0\.0\.0\/7 is a \/7; remote node CIDRs must be \/8 to \/32/,
  },
  {
    name: "host bits in a node CIDR",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remoteNodeNetworks.cidrs = ["192.168.200.5/24"])),
    policy: "remote-cidrs-private",
    expect: /192\.168\.200\.5\/24 has host bits set \(the network is 192\.168\.200\.0\/24\)/,
  },
  {
    name: "remote networks as a list of blocks (older SDK shape)",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remotePodNetworks = [{ cidrs: ["8.8.8.0/24"] }])),
    policy: "remote-cidrs-private",
    expect: /remotePodNetworks\[0\]\.cidrs\[0\]: 8\.8\.8\.0\/24 is public/,
  },
  // cidr-non-overlap
  {
    name: "pod CIDR inside the node CIDR",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["192.168.200.128/25"])),
    policy: "cidr-non-overlap",
    expect:
      /hybrid-dev \(aws:eks\/cluster:Cluster\): remoteNetworkConfig\.remoteNodeNetworks\.cidrs\[0\]: 192\.168\.200\.0\/24 \(remote node CIDR\) overlaps 192\.168\.200\.128\/25 \(remote pod CIDR/,
  },
  {
    name: "pod CIDR inside the VPC",
    stack: cluster(ciliumStack, (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["10.250.32.0/23"])),
    policy: "cidr-non-overlap",
    expect: /hybrid-dev-vpc\.cidrBlock: 10\.250\.0\.0\/16 \(VPC CIDR\) overlaps 10\.250\.32\.0\/23 \(remote pod CIDR/,
  },
  {
    name: "service CIDR over the node network",
    stack: cluster(ciliumStack, (i) => (i.kubernetesNetworkConfig.serviceIpv4Cidr = "192.168.0.0/16")),
    policy: "cidr-non-overlap",
    expect:
      /overlaps .*\(service CIDR, kubernetesNetworkConfig\.serviceIpv4Cidr\)|serviceIpv4Cidr: 192\.168\.0\.0\/16 \(service CIDR\) overlaps/,
  },
  {
    name: "a secondary VPC CIDR over the pod network",
    stack: () => [
      ...ciliumStack(),
      {
        type: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
        name: "hybrid-dev-secondary",
        inputs: { vpcId: "hybrid-dev-vpc-id", cidrBlock: "192.168.32.0/24" },
      },
    ],
    policy: "cidr-non-overlap",
    expect: /hybrid-dev-secondary\.cidrBlock: 192\.168\.32\.0\/24 \(VPC secondary CIDR\) overlaps 192\.168\.32\.0\/23 \(remote pod CIDR/,
  },
  {
    name: "an extra network from the policy config",
    stack: ciliumStack,
    policy: "cidr-non-overlap",
    config: { "cidr-non-overlap": { extraNetworks: ["192.168.33.0/24"] } },
    expect: /extraNetworks\[0\]: 192\.168\.33\.0\/24 \(extra network\) overlaps 192\.168\.32\.0\/23 \(remote pod CIDR/,
  },
  // hybrid-cluster-settings
  {
    name: "CONFIG_MAP authentication",
    stack: cluster(ciliumStack, (i) => (i.accessConfig.authenticationMode = "CONFIG_MAP")),
    policy: "hybrid-cluster-settings",
    expect: /accessConfig\.authenticationMode: CONFIG_MAP is not an access-entry mode/,
  },
  {
    name: "no accessConfig at all",
    stack: cluster(ciliumStack, (i) => delete i.accessConfig),
    policy: "hybrid-cluster-settings",
    expect: /accessConfig\.authenticationMode: \(unset: CONFIG_MAP\) is not an access-entry mode/,
  },
  {
    name: "public and private endpoint",
    stack: cluster(ciliumStack, (i) => (i.vpcConfig.endpointPrivateAccess = true)),
    policy: "hybrid-cluster-settings",
    expect: /vpcConfig\.endpointPublicAccess\+vpcConfig\.endpointPrivateAccess: public and private are both on/,
  },
  {
    name: "no service CIDR",
    stack: cluster(ciliumStack, (i) => delete i.kubernetesNetworkConfig),
    policy: "hybrid-cluster-settings",
    expect: /kubernetesNetworkConfig\.serviceIpv4Cidr: \(unset\) must be set explicitly/,
  },
  // no-world-open-control-ports
  {
    name: "443 open to 0.0.0.0/0 inline",
    stack: on(ciliumStack, "hybrid-dev-cluster-sg", (i) =>
      i.ingress.push({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }),
    ),
    policy: "no-world-open-control-ports",
    expect:
      /hybrid-dev-cluster-sg \(aws:ec2\/securityGroup:SecurityGroup\): ingress\[1\]: 0\.0\.0\.0\/0 port 443 opens 443 \(control-plane port\) to the whole Internet/,
  },
  {
    name: "10250 open to ::/0",
    stack: on(ciliumStack, "hybrid-dev-webhooks", (i) =>
      Object.assign(i, { fromPort: 10250, toPort: 10250, cidrIpv4: undefined, cidrIpv6: "::/0" }),
    ),
    policy: "no-world-open-control-ports",
    expect: /hybrid-dev-webhooks \(aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule\): cidrIpv6: ::\/0 port 10250 opens 10250/,
  },
  {
    name: "all traffic from anywhere",
    stack: on(ciliumStack, "hybrid-dev-egress", (i) => (i.type = "ingress")),
    policy: "no-world-open-control-ports",
    expect:
      /hybrid-dev-egress \(aws:ec2\/securityGroupRule:SecurityGroupRule\): cidrBlocks: 0\.0\.0\.0\/0 all ports opens 443 and 10250 \(control-plane ports\)/,
  },
  {
    name: "a port range spanning 443",
    stack: on(
      ciliumStack,
      "hybrid-dev-cluster-sg",
      (i) => (i.ingress = [{ protocol: "6", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] }]),
    ),
    policy: "no-world-open-control-ports",
    expect: /ports 0-1024 opens 443/,
  },
  // hybrid-access-entry
  {
    name: "an access policy on the hybrid node entry",
    stack: on(ciliumStack, "hybrid-dev-admin-policy", (i) => (i.principalArn = "arn:aws:iam::123456789012:role/hybrid-dev-nodes-role")),
    policy: "hybrid-access-entry",
    expect:
      /hybrid-dev-admin-policy \(aws:eks\/accessPolicyAssociation:AccessPolicyAssociation\): policyArn: arn:aws:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy is associated with the HYBRID_LINUX access entry/,
  },
  // irsa-trust-scoped
  {
    name: "a wildcard service account",
    stack: irsa((s) => (s.Condition = { StringLike: { [`${OIDC}:sub`]: "system:serviceaccount:*:*" } })),
    policy: "irsa-trust-scoped",
    expect:
      /hybrid-dev-lbc-role \(aws:iam\/role:Role\): assumeRolePolicy\.Statement\[0\]\.Condition\.oidc\.eks.*:sub: "system:serviceaccount:\*:\*" matches service accounts by pattern/,
  },
  {
    name: "no sub condition",
    stack: irsa((s) => delete s.Condition),
    policy: "irsa-trust-scoped",
    expect: /does not restrict <issuer>:sub/,
  },
  {
    name: "two service accounts",
    stack: irsa((s) => (s.Condition.StringEquals[`${OIDC}:sub`] = ["system:serviceaccount:a:b", "system:serviceaccount:c:d"])),
    policy: "irsa-trust-scoped",
    expect: /is not one service account/,
  },
  // chart-values-known
  {
    name: "the article's kaffinity",
    stack: cilium((v) => ((v.kaffinity = v.affinity), delete v.affinity)),
    policy: "chart-values-known",
    expect:
      /hybrid-dev-cilium \(kubernetes:helm\.sh\/v3:Release\): values\.kaffinity: kaffinity is not a key of the Cilium 1\.18\.0 values \(did you mean affinity\?\)/,
  },
  {
    name: "a nested typo",
    stack: cilium((v) => (v.ipam.operator.clusterPoolIPv4PodCIDR = ["192.168.32.0/23"])),
    policy: "chart-values-known",
    expect: /values\.ipam\.operator\.clusterPoolIPv4PodCIDR: .* \(did you mean ipam\.operator\.clusterPoolIPv4PodCIDRList\?\)/,
  },
  {
    name: "a 1.18 key on a 1.16 chart",
    stack: on(
      ciliumStack,
      "hybrid-dev-cilium",
      (i) => ((i.version = "1.16.7"), (i.values.bgpControlPlane.routerIDAllocation = { mode: "default" })),
    ),
    policy: "chart-values-known",
    expect: /values\.bgpControlPlane\.routerIDAllocation: routerIDAllocation is not a key of the Cilium 1\.16\.7 values/,
  },
  // pod-pools-in-remote-pod-network
  {
    name: "a Cilium pool outside the pod network",
    stack: cilium((v) => (v.ipam.operator.clusterPoolIPv4PodCIDRList = ["10.0.0.0/8"])),
    policy: "pod-pools-in-remote-pod-network",
    expect:
      /hybrid-dev-cilium \(kubernetes:helm\.sh\/v3:Release\): values\.ipam\.operator\.clusterPoolIPv4PodCIDRList\[0\]: 10\.0\.0\.0\/8 is not inside the remote pod CIDRs \(192\.168\.32\.0\/23\)/,
  },
  {
    name: "the Cilium chart's default pool",
    stack: cilium((v) => delete v.ipam.operator.clusterPoolIPv4PodCIDRList),
    policy: "pod-pools-in-remote-pod-network",
    expect: /clusterPoolIPv4PodCIDRList \(unset: chart default\): 10\.0\.0\.0\/8 is not inside the remote pod CIDRs/,
  },
  {
    name: "a mask too short for the pool",
    stack: cilium((v) => (v.ipam.operator.clusterPoolIPv4MaskSize = 22)),
    policy: "pod-pools-in-remote-pod-network",
    expect: /clusterPoolIPv4MaskSize: \/22 is larger than the pod pool 192\.168\.32\.0\/23/,
  },
  {
    name: "too few node blocks for the activation",
    stack: () =>
      mutate(
        mutate(ciliumStack(), "hybrid-dev-cilium", (i) => (i.values.ipam.operator.clusterPoolIPv4MaskSize = 24)),
        "hybrid-dev-activation",
        (i) => (i.registrationLimit = 5),
      ),
    policy: "pod-pools-in-remote-pod-network",
    expect:
      /clusterPoolIPv4MaskSize: \/24 leaves too few blocks: 192\.168\.32\.0\/23 in \/24 blocks holds 2 nodes; 5 configured \(SSM activation registrationLimit;/,
  },
  {
    name: "a Calico IPPool outside the pod network",
    stack: on(calicoStack, "hybrid-dev-node-02-pool", (i) => (i.spec.cidr = "10.244.0.0/26")),
    policy: "pod-pools-in-remote-pod-network",
    expect:
      /hybrid-dev-node-02-pool \(kubernetes:crd\.projectcalico\.org\/v1:IPPool\): spec\.cidr: 10\.244\.0\.0\/26 is not inside the remote pod CIDRs/,
  },
  {
    name: "two Calico pools sharing addresses",
    stack: on(calicoStack, "hybrid-dev-node-02-pool", (i) => (i.spec.cidr = "192.168.32.0/25")),
    policy: "pod-pools-in-remote-pod-network",
    expect: /overlaps the pod pool 192\.168\.32\.0\/2[56] \(hybrid-dev-/,
  },
  // lb-pools-in-node-network
  {
    name: "a MetalLB pool outside the node network",
    stack: on(calicoStack, "hybrid-dev-first-pool", (i) => (i.spec.addresses = ["10.0.0.10-10.0.0.20"])),
    policy: "lb-pools-in-node-network",
    expect:
      /hybrid-dev-first-pool \(kubernetes:metallb\.io\/v1beta1:IPAddressPool\): spec\.addresses\[0\]: 10\.0\.0\.10-10\.0\.0\.20 is not inside the remote node CIDRs \(192\.168\.200\.0\/24\)/,
  },
  {
    name: "a MetalLB pool holding the router",
    stack: on(calicoStack, "hybrid-dev-first-pool", (i) => (i.spec.addresses = ["192.168.200.250-192.168.200.254"])),
    policy: "lb-pools-in-node-network",
    expect: /contains 192\.168\.200\.254, the address of the BGP peer of hybrid-dev-router/,
  },
  {
    name: "a Cilium LB pool on the pod network",
    stack: on(ciliumStack, "hybrid-dev-lb-pool", (i) => (i.spec.blocks = [{ cidr: "192.168.33.0/28" }])),
    policy: "lb-pools-in-node-network",
    expect: /spec\.blocks\[0\]\.cidr: 192\.168\.33\.0\/28 overlaps the pod CIDR 192\.168\.32\.0\/23/,
  },
  // remote-cidrs-routable
  {
    name: "one route table without the pod route",
    stack: without(ciliumStack, "hybrid-dev-private-b-rt-pod"),
    policy: "remote-cidrs-routable",
    expect:
      /^hybrid-dev-private-b-rt \(aws:ec2\/routeTable:RouteTable\): routes: 192\.168\.32\.0\/23 \(remote pod CIDR of cluster hybrid-dev, remoteNetworkConfig\.remotePodNetworks\.cidrs\[0\]\) has no route to the Transit Gateway hybrid-dev-tgw, the table of the cluster's subnet hybrid-dev-private-b/,
  },
  {
    name: "no pod routes at all",
    stack: without(ciliumStack, "hybrid-dev-private-a-rt-pod", "hybrid-dev-private-b-rt-pod"),
    policy: "remote-cidrs-routable",
    expect:
      /^hybrid-dev-private-a-rt \(aws:ec2\/routeTable:RouteTable\): routes: 192\.168\.32\.0\/23 \(remote pod CIDR of cluster hybrid-dev.*has no route to the Transit Gateway hybrid-dev-tgw/,
  },
  {
    name: "a static VPN without the TGW pod route",
    stack: without(ciliumStack, "hybrid-dev-tgw-pod"),
    policy: "remote-cidrs-routable",
    expect:
      /^hybrid-dev-vpn \(aws:ec2\/vpnConnection:VpnConnection\): staticRoutesOnly: true but Transit Gateway hybrid-dev-tgw has no static route for 192\.168\.32\.0\/23 \(remote pod CIDR of cluster hybrid-dev/,
  },
  // bgp-asn-consistent
  {
    name: "Cilium local ASN differs from the router's",
    stack: on(ciliumStack, "hybrid-dev-cilium-bgp", (i) => (i.spec.bgpInstances[0].localASN = 65000)),
    policy: "bgp-asn-consistent",
    expect:
      /hybrid-dev-cilium-bgp \(kubernetes:cilium\.io\/v2:CiliumBGPClusterConfig\): spec\.bgpInstances\[0\]\.localASN: 65000 differs from the route reflector's ASN 65432/,
  },
  {
    name: "a Cilium peer off the node network",
    stack: on(ciliumStack, "hybrid-dev-cilium-bgp", (i) => (i.spec.bgpInstances[0].peers[0].peerAddress = "10.0.0.1")),
    policy: "bgp-asn-consistent",
    expect:
      /peers\[0\]\.peerAddress: 10\.0\.0\.1 is outside the remote node CIDRs \(192\.168\.200\.0\/24\); the BGP peer address must be on the node network/,
  },
  {
    name: "a Calico peer in another AS",
    stack: on(calicoStack, "hybrid-dev-router", (i) => (i.spec.asNumber = 65001)),
    policy: "bgp-asn-consistent",
    expect:
      /^hybrid-dev-default \(kubernetes:(crd\.)?projectcalico\.org\/v[13]:BGPConfiguration\): spec\.asNumber: 65432 differs from the route reflector's ASN 65001 \(hybrid-dev-router spec\.asNumber\)/,
  },
  {
    name: "AS_TRANS as the local ASN",
    stack: on(ciliumStack, "hybrid-dev-cilium-bgp", (i) => (i.spec.bgpInstances[0].localASN = 23456)),
    policy: "bgp-asn-consistent",
    expect: /localASN: 23456 is AS_TRANS/,
  },
];

describe("policy pack on mutated stacks", () => {
  it(`has at least 25 violating cases (${cases.length})`, () => assert.ok(cases.length >= 25));

  for (const c of cases) {
    it(`${c.policy}: ${c.name}`, async () => {
      const report = await runPolicies(c.stack(), { config: c.config });
      const result = report.results.find((r) => r.policy === c.policy)!;
      const messages = result.violations.map((v) => v.message);
      assert.equal(
        result.status,
        "failed",
        `${c.policy} should fail; results: ${JSON.stringify(report.results.map((r) => [r.policy, r.status]))}`,
      );
      assert.ok(
        messages.some((m) => c.expect.test(m)),
        `no message matches ${c.expect}:\n${messages.join("\n")}`,
      );
      assert.ok(
        result.violations.every((v) => v.urn?.startsWith("urn:pulumi:")),
        "every violation names a resource URN",
      );
    });
  }
});
