/**
 * Hybrid stacks written with raw `@pulumi/aws` / `@pulumi/kubernetes` resources and CRs, the way
 * other teams build them (not by this program): they must pass cleanly, as an update and as a
 * first preview.
 */
import { calicoStack, ciliumStack, OIDC } from "../helpers/policy-fixtures";
import { CorpusStack, res, trust } from "./corpus";

const ISSUER = "oidc.eks.eu-central-1.amazonaws.com/id/EDGE";

/**
 * Calico through the operator's `Installation` CR and `projectcalico.org/v3` objects, MetalLB in
 * BGP mode, a VGW instead of a TGW, subnets on the VPC's main route table (a DefaultRouteTable),
 * an IRSA role on the cluster's OIDC provider, and unrelated neighbours in the same stack (a
 * public ALB security group, a GitHub deploy role).
 */
export function edgeCalicoStack(): ReturnType<typeof ciliumStack> {
  const cr = (apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, resName = `edge-${name}`) =>
    res(`kubernetes:${apiVersion}:${kind}`, resName, { apiVersion, kind, metadata: { name }, spec });
  return [
    res("aws:ec2/vpc:Vpc", "edge-vpc", { cidrBlock: "10.90.0.0/16" }),
    res("aws:ec2/vpnGateway:VpnGateway", "edge-vgw", { vpcId: "edge-vpc-id", amazonSideAsn: "64512" }),
    res("aws:ec2/customerGateway:CustomerGateway", "edge-cgw", { bgpAsn: "65100", ipAddress: "203.0.113.50", type: "ipsec.1" }),
    res("aws:ec2/vpnConnection:VpnConnection", "edge-vpn", {
      customerGatewayId: "edge-cgw-id",
      vpnGatewayId: "edge-vgw-id",
      type: "ipsec.1",
      staticRoutesOnly: false,
    }),
    res("aws:ec2/subnet:Subnet", "edge-a", { vpcId: "edge-vpc-id", cidrBlock: "10.90.0.0/20" }),
    res("aws:ec2/subnet:Subnet", "edge-b", { vpcId: "edge-vpc-id", cidrBlock: "10.90.16.0/20" }),
    res("aws:ec2/defaultRouteTable:DefaultRouteTable", "edge-main", {
      defaultRouteTableId: "edge-vpc-id",
      propagatingVgws: ["edge-vgw-id"],
      routes: [{ destinationPrefixListId: "pl-0onprem", gatewayId: "edge-vgw-id" }],
    }),
    res("aws:ec2/securityGroup:SecurityGroup", "edge-cluster-sg", {
      vpcId: "edge-vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["172.30.0.0/24", "172.31.0.0/18"] }],
    }),
    res("aws:ec2/securityGroup:SecurityGroup", "edge-public-alb", {
      vpcId: "edge-vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    res("aws:eks/cluster:Cluster", "edge", {
      name: "edge",
      roleArn: "arn:aws:iam::123456789012:role/edge-cluster",
      vpcConfig: {
        subnetIds: ["edge-a-id", "edge-b-id"],
        securityGroupIds: ["edge-cluster-sg-id"],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
      kubernetesNetworkConfig: { serviceIpv4Cidr: "10.100.0.0/16" },
      remoteNetworkConfig: { remoteNodeNetworks: { cidrs: ["172.30.0.0/24"] }, remotePodNetworks: { cidrs: ["172.31.0.0/18"] } },
    }),
    res("aws:iam/role:Role", "edge-nodes", {
      assumeRolePolicy: trust({ Effect: "Allow", Principal: { Service: "ssm.amazonaws.com" }, Action: "sts:AssumeRole" }),
    }),
    res("aws:eks/accessEntry:AccessEntry", "edge-nodes", { clusterName: "edge", principalArn: "edge-nodes-id", type: "HYBRID_LINUX" }),
    res("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "edge-oidc", {
      url: `https://${ISSUER}`,
      clientIdLists: ["sts.amazonaws.com"],
    }),
    res("aws:iam/role:Role", "edge-ebs-csi", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
          },
        },
      }),
    }),
    res("aws:iam/role:Role", "edge-github-deploy", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/edge:*" } },
      }),
    }),
    cr("operator.tigera.io/v1", "Installation", "default", {
      kubernetesProvider: "EKS",
      cni: { type: "Calico", ipam: { type: "Calico" } },
      calicoNetwork: { bgp: "Enabled", ipPools: [{ cidr: "172.31.0.0/20", blockSize: 26, encapsulation: "None", natOutgoing: "Enabled" }] },
    }),
    cr("projectcalico.org/v3", "IPPool", "edge-b", { cidr: "172.31.16.0/20", blockSize: 26, nodeSelector: "rack == 'b'" }),
    cr("projectcalico.org/v3", "BGPConfiguration", "default", { asNumber: 65100, nodeToNodeMeshEnabled: false }, "edge-bgp"),
    cr("projectcalico.org/v3", "BGPPeer", "tor-a", { peerIP: "172.30.0.1", asNumber: 65100 }),
    cr("projectcalico.org/v3", "BGPPeer", "tor-b", { peerIP: "172.30.0.2:179", asNumber: 65100 }),
    cr("metallb.io/v1beta2", "BGPPeer", "lb-router", { myASN: 65101, peerASN: 65100, peerAddress: "172.30.0.9" }),
    cr("metallb.io/v1beta1", "IPAddressPool", "vip", { addresses: ["172.30.0.200/29"] }),
    res("kubernetes:core/v1:Service", "edge-web", {
      metadata: { name: "web", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external" } },
      spec: { type: "LoadBalancer", ports: [{ port: 443 }] },
    }),
    res("kubernetes:core/v1:Service", "edge-dns", {
      metadata: { name: "dns" },
      spec: { type: "LoadBalancer", loadBalancerClass: "metallb.io/metallb" },
    }),
  ];
}

/** Two teams' clusters in two VPCs, sharing one on-prem node network, each with its own pod network. */
export function twoClustersStack(): ReturnType<typeof ciliumStack> {
  const side = (n: string, vpc: string, pod: string) => [
    res("aws:ec2/vpc:Vpc", `${n}-vpc`, { cidrBlock: vpc }),
    res("aws:ec2/subnet:Subnet", `${n}-a`, { vpcId: `${n}-vpc-id`, cidrBlock: vpc.replace("/16", "/20") }),
    res("aws:ec2/routeTable:RouteTable", `${n}-rt`, {
      vpcId: `${n}-vpc-id`,
      routes: [
        { cidrBlock: "192.168.100.0/24", transitGatewayId: "shared-tgw-id" },
        { cidrBlock: pod, transitGatewayId: "shared-tgw-id" },
      ],
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", `${n}-a`, { subnetId: `${n}-a-id`, routeTableId: `${n}-rt-id` }),
    res("aws:eks/cluster:Cluster", n, {
      name: n,
      roleArn: `arn:aws:iam::123456789012:role/${n}`,
      vpcConfig: { subnetIds: [`${n}-a-id`] },
      accessConfig: { authenticationMode: "API" },
      kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16" },
      remoteNetworkConfig: { remoteNodeNetworks: { cidrs: ["192.168.100.0/24"] }, remotePodNetworks: { cidrs: [pod] } },
    }),
    res("aws:eks/accessEntry:AccessEntry", `${n}-nodes`, {
      clusterName: n,
      principalArn: `arn:aws:iam::123456789012:role/${n}-nodes`,
      type: "HYBRID_LINUX",
    }),
  ];
  return [
    res("aws:ec2transitgateway/transitGateway:TransitGateway", "shared-tgw", { amazonSideAsn: 64512 }),
    ...side("team-a", "10.11.0.0/16", "192.168.64.0/20"),
    ...side("team-b", "10.12.0.0/16", "192.168.80.0/20"),
  ];
}

export const HYBRID: readonly CorpusStack[] = [
  {
    name: "hybrid-cilium-raw",
    hybrid: true,
    resources: ciliumStack(),
    computed: [["hybrid-dev-lbc-role", "assumeRolePolicy"]],
    faults: [],
  },
  {
    name: "hybrid-calico-raw",
    hybrid: true,
    resources: calicoStack(),
    computed: [["hybrid-dev-lbc-role", "assumeRolePolicy"]],
    faults: [],
  },
  {
    name: "hybrid-edge-calico-v3-vgw",
    hybrid: true,
    resources: edgeCalicoStack(),
    computed: [
      ["edge-ebs-csi", "assumeRolePolicy"],
      ["edge-nodes", "clusterName"],
    ],
    faults: [],
  },
  { name: "two-clusters-two-vpcs", hybrid: true, resources: twoClustersStack(), faults: [] },
];

export { OIDC };
