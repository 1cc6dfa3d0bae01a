/**
 * Hand-written stacks shaped exactly like `@pulumi/aws` v7 / `@pulumi/kubernetes` v4 inputs and
 * the upstream CRDs: the article's network (VPC 10.250.0.0/16, nodes 192.168.200.0/24, pods
 * 192.168.32.0/23, router 192.168.200.254 in AS 65432) with Cilium BGP or Calico static pools.
 * Ids follow the mock recorder's `<name>-id` scheme. Tests mutate deep copies.
 */
import type { RecordedResource } from "../../policy/harness";

const res = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({ type, name, inputs, custom: true });

const trust = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
export const OIDC = "oidc.eks.us-west-2.amazonaws.com/id/HYBRID-DEV";

/** AWS side and the cluster, common to both CNIs. */
function awsSide(): RecordedResource[] {
  const route = (table: string, role: string, cidr: string) =>
    res("aws:ec2/route:Route", `${table}-${role}`, {
      routeTableId: `${table}-id`,
      destinationCidrBlock: cidr,
      transitGatewayId: "hybrid-dev-tgw-id",
    });
  return [
    res("aws:ec2/vpc:Vpc", "hybrid-dev-vpc", { cidrBlock: "10.250.0.0/16", enableDnsHostnames: true, enableDnsSupport: true }),
    res("aws:ec2transitgateway/transitGateway:TransitGateway", "hybrid-dev-tgw", { amazonSideAsn: 64512 }),
    res("aws:ec2/routeTable:RouteTable", "hybrid-dev-public-rt", {
      vpcId: "hybrid-dev-vpc-id",
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "hybrid-dev-igw-id" }],
    }),
    res("aws:ec2/routeTable:RouteTable", "hybrid-dev-private-a-rt", { vpcId: "hybrid-dev-vpc-id" }),
    res("aws:ec2/routeTable:RouteTable", "hybrid-dev-private-b-rt", { vpcId: "hybrid-dev-vpc-id" }),
    res("aws:ec2/subnet:Subnet", "hybrid-dev-private-a", {
      vpcId: "hybrid-dev-vpc-id",
      cidrBlock: "10.250.0.0/19",
      availabilityZone: "us-west-2a",
    }),
    res("aws:ec2/subnet:Subnet", "hybrid-dev-private-b", {
      vpcId: "hybrid-dev-vpc-id",
      cidrBlock: "10.250.32.0/19",
      availabilityZone: "us-west-2b",
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "hybrid-dev-private-a-assoc", {
      subnetId: "hybrid-dev-private-a-id",
      routeTableId: "hybrid-dev-private-a-rt-id",
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "hybrid-dev-private-b-assoc", {
      subnetId: "hybrid-dev-private-b-id",
      routeTableId: "hybrid-dev-private-b-rt-id",
    }),
    route("hybrid-dev-private-a-rt", "node", "192.168.200.0/24"),
    route("hybrid-dev-private-a-rt", "pod", "192.168.32.0/23"),
    route("hybrid-dev-private-b-rt", "node", "192.168.200.0/24"),
    route("hybrid-dev-private-b-rt", "pod", "192.168.32.0/23"),
    res("aws:ec2/customerGateway:CustomerGateway", "hybrid-dev-cgw", { bgpAsn: "65000", ipAddress: "203.0.113.10", type: "ipsec.1" }),
    res("aws:ec2/vpnConnection:VpnConnection", "hybrid-dev-vpn", {
      customerGatewayId: "hybrid-dev-cgw-id",
      transitGatewayId: "hybrid-dev-tgw-id",
      type: "ipsec.1",
      staticRoutesOnly: true,
      tunnel1PresharedKey: "[secret]",
    }),
    res("aws:ec2transitgateway/route:Route", "hybrid-dev-tgw-node", {
      destinationCidrBlock: "192.168.200.0/24",
      transitGatewayRouteTableId: "tgw-rtb-default-hybrid-dev-tgw",
      transitGatewayAttachmentId: "tgw-attach-hybrid-dev-vpn",
    }),
    res("aws:ec2transitgateway/route:Route", "hybrid-dev-tgw-pod", {
      destinationCidrBlock: "192.168.32.0/23",
      transitGatewayRouteTableId: "tgw-rtb-default-hybrid-dev-tgw",
      transitGatewayAttachmentId: "tgw-attach-hybrid-dev-vpn",
    }),
    res("aws:ec2/securityGroup:SecurityGroup", "hybrid-dev-cluster-sg", {
      vpcId: "hybrid-dev-vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["192.168.200.0/24", "192.168.32.0/23"] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "hybrid-dev-webhooks", {
      securityGroupId: "hybrid-dev-cluster-sg-id",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "192.168.32.0/23",
    }),
    res("aws:ec2/securityGroupRule:SecurityGroupRule", "hybrid-dev-egress", {
      type: "egress",
      securityGroupId: "hybrid-dev-cluster-sg-id",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    res("aws:iam/role:Role", "hybrid-dev-cluster-role", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Service: "eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      }),
    }),
    res("aws:iam/role:Role", "hybrid-dev-nodes-role", {
      assumeRolePolicy: trust({ Effect: "Allow", Principal: { Service: "ssm.amazonaws.com" }, Action: "sts:AssumeRole" }),
    }),
    res("aws:ssm/activation:Activation", "hybrid-dev-activation", { iamRole: "hybrid-dev-nodes-role", registrationLimit: 2 }),
    res("aws:eks/cluster:Cluster", "hybrid-dev", {
      name: "hybrid-dev",
      version: "1.31",
      roleArn: "arn:aws:iam::123456789012:role/hybrid-dev-cluster-role",
      vpcConfig: {
        subnetIds: ["hybrid-dev-private-a-id", "hybrid-dev-private-b-id"],
        securityGroupIds: ["hybrid-dev-cluster-sg-id"],
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      kubernetesNetworkConfig: { serviceIpv4Cidr: "172.16.0.0/16" },
      remoteNetworkConfig: { remoteNodeNetworks: { cidrs: ["192.168.200.0/24"] }, remotePodNetworks: { cidrs: ["192.168.32.0/23"] } },
    }),
    res("aws:eks/accessEntry:AccessEntry", "hybrid-dev-nodes", {
      clusterName: "hybrid-dev",
      principalArn: "arn:aws:iam::123456789012:role/hybrid-dev-nodes-role",
      type: "HYBRID_LINUX",
    }),
    res("aws:eks/accessEntry:AccessEntry", "hybrid-dev-admin", {
      clusterName: "hybrid-dev",
      principalArn: "arn:aws:iam::123456789012:role/admin",
      type: "STANDARD",
    }),
    res("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "hybrid-dev-admin-policy", {
      clusterName: "hybrid-dev",
      principalArn: "arn:aws:iam::123456789012:role/admin",
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    }),
    res("aws:iam/role:Role", "hybrid-dev-lbc-role", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${OIDC}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${OIDC}:sub`]: "system:serviceaccount:kube-system:aws-load-balancer-controller",
            [`${OIDC}:aud`]: "sts.amazonaws.com",
          },
        },
      }),
    }),
  ];
}

const cr = (apiVersion: string, kind: string, name: string, spec: Record<string, unknown>) =>
  res(`kubernetes:${apiVersion}:${kind}`, `hybrid-dev-${name}`, { apiVersion, kind, metadata: { name }, spec });

/** Cilium 1.18 with cluster-pool IPAM, BGP to the router (iBGP, AS 65432) and LB IPAM. */
export function ciliumStack(): RecordedResource[] {
  return [
    ...awsSide(),
    res("kubernetes:helm.sh/v3:Release", "hybrid-dev-cilium", {
      chart: "cilium",
      version: "1.18.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://helm.cilium.io" },
      values: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "eks.amazonaws.com/compute-type", operator: "In", values: ["hybrid"] }] }],
            },
          },
        },
        ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["192.168.32.0/23"], clusterPoolIPv4MaskSize: 26 } },
        bgpControlPlane: { enabled: true },
        kubeProxyReplacement: false,
        operator: { replicas: 1, unmanagedPodWatcher: { restart: false } },
        envoy: { enabled: false },
        loadBalancer: { serviceTopology: true },
      },
    }),
    cr("cilium.io/v2", "CiliumBGPClusterConfig", "cilium-bgp", {
      nodeSelector: { matchLabels: { "eks.amazonaws.com/compute-type": "hybrid" } },
      bgpInstances: [
        {
          name: "instance-65432",
          localASN: 65432,
          peers: [{ name: "router", peerASN: 65432, peerAddress: "192.168.200.254", peerConfigRef: { name: "router" } }],
        },
      ],
    }),
    cr("cilium.io/v2", "CiliumLoadBalancerIPPool", "lb-pool", { blocks: [{ start: "192.168.200.201", stop: "192.168.200.220" }] }),
  ];
}

/** Calico 3.29 with one pool per node (operator values and an IPPool), BGP peer, MetalLB L2. */
export function calicoStack(): RecordedResource[] {
  return [
    ...awsSide(),
    res("kubernetes:helm.sh/v3:Release", "hybrid-dev-calico", {
      chart: "tigera-operator",
      version: "v3.29.2",
      namespace: "tigera-operator",
      repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" },
      values: {
        installation: {
          cni: { type: "Calico" },
          calicoNetwork: {
            bgp: "Enabled",
            ipPools: [
              { cidr: "192.168.32.0/26", blockSize: 26, encapsulation: "None", natOutgoing: "Enabled", nodeSelector: "zone == 'node-01'" },
            ],
          },
        },
      },
    }),
    cr("crd.projectcalico.org/v1", "IPPool", "node-02-pool", {
      cidr: "192.168.32.64/26",
      blockSize: 26,
      nodeSelector: "zone == 'node-02'",
      natOutgoing: true,
    }),
    cr("projectcalico.org/v3", "BGPConfiguration", "default", { asNumber: 65432, nodeToNodeMeshEnabled: false }),
    cr("projectcalico.org/v3", "BGPPeer", "router", { peerIP: "192.168.200.254", asNumber: 65432 }),
    res("kubernetes:helm.sh/v3:Release", "hybrid-dev-metallb", {
      chart: "metallb",
      version: "0.14.9",
      namespace: "metallb-system",
      repositoryOpts: { repo: "https://metallb.github.io/metallb" },
      values: {},
    }),
    cr("metallb.io/v1beta1", "IPAddressPool", "first-pool", { addresses: ["192.168.200.201-192.168.200.220"] }),
  ];
}

/** A deep copy with `change` applied to the named resource's inputs. */
export function mutate(stack: RecordedResource[], name: string, change: (inputs: any) => void): RecordedResource[] {
  const copy = JSON.parse(JSON.stringify(stack)) as RecordedResource[];
  const r = copy.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name} (have ${copy.map((x) => x.name).join(", ")})`);
  change(r.inputs);
  return copy;
}
