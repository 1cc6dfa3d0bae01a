/**
 * Stacks of other teams, with nothing to do with EKS hybrid nodes: the pack must pass them
 * untouched. Shaped like plain `@pulumi/aws` v7 / `@pulumi/kubernetes` v4 programs.
 */
import { CorpusStack, res, trust } from "./corpus";

/** A public web app: ALB open on 443 and 80 to the world, ECS-style service, one route table. */
const webApp: CorpusStack = {
  name: "web-app",
  hybrid: false,
  resources: [
    res("aws:ec2/vpc:Vpc", "web-vpc", { cidrBlock: "10.20.0.0/16", enableDnsHostnames: true }),
    res("aws:ec2/internetGateway:InternetGateway", "web-igw", { vpcId: "web-vpc-id" }),
    res("aws:ec2/subnet:Subnet", "web-public-a", { vpcId: "web-vpc-id", cidrBlock: "10.20.0.0/24", mapPublicIpOnLaunch: true }),
    res("aws:ec2/subnet:Subnet", "web-public-b", { vpcId: "web-vpc-id", cidrBlock: "10.20.1.0/24", mapPublicIpOnLaunch: true }),
    res("aws:ec2/routeTable:RouteTable", "web-public-rt", {
      vpcId: "web-vpc-id",
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "web-igw-id" }],
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "web-public-a", {
      subnetId: "web-public-a-id",
      routeTableId: "web-public-rt-id",
    }),
    res("aws:ec2/securityGroup:SecurityGroup", "web-alb-sg", {
      vpcId: "web-vpc-id",
      description: "public ALB",
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
        { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
      ],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-alb-https-v6", {
      securityGroupId: "web-alb-sg-id",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv6: "::/0",
    }),
    res("aws:ec2/securityGroupRule:SecurityGroupRule", "web-app-all", {
      type: "ingress",
      securityGroupId: "web-alb-sg-id",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    res("aws:lb/loadBalancer:LoadBalancer", "web-alb", {
      loadBalancerType: "application",
      securityGroups: ["web-alb-sg-id"],
      subnets: ["web-public-a-id", "web-public-b-id"],
    }),
    res("aws:lb/targetGroup:TargetGroup", "web-tg", { port: 8080, protocol: "HTTP", targetType: "ip", vpcId: "web-vpc-id" }),
    res("aws:iam/role:Role", "web-task-role", {
      assumeRolePolicy: trust({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }),
    }),
  ],
  faults: [],
};

/** GitHub Actions deploy roles trusting GitHub's OIDC provider with its documented StringLike on sub. */
const githubOidc: CorpusStack = {
  name: "github-oidc",
  hybrid: false,
  resources: [
    res("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github", {
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    }),
    res("aws:iam/role:Role", "deploy", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*:ref:refs/heads/main" },
        },
      }),
    }),
  ],
  computed: [["deploy", "assumeRolePolicy"]],
  faults: [],
};

/** A data team's VPC: main route table routes, a prefix-list route, a VGW route to the office. */
const dataStack: CorpusStack = {
  name: "data-platform",
  hybrid: false,
  resources: [
    res("aws:ec2/vpc:Vpc", "data-vpc", { cidrBlock: "10.40.0.0/16" }),
    res("aws:ec2/vpnGateway:VpnGateway", "office-vgw", { vpcId: "data-vpc-id", amazonSideAsn: "64620" }),
    res("aws:ec2/defaultRouteTable:DefaultRouteTable", "data-main", {
      defaultRouteTableId: "data-vpc-id",
      routes: [{ cidrBlock: "192.168.0.0/16", gatewayId: "office-vgw-id" }],
    }),
    res("aws:ec2/routeTable:RouteTable", "data-private", {
      vpcId: "data-vpc-id",
      routes: [
        { cidrBlock: "172.20.0.0/16", gatewayId: "office-vgw-id" },
        { destinationPrefixListId: "pl-0abc1234", transitGatewayId: "tgw-0shared" },
      ],
    }),
    res("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "data-main-assoc", {
      vpcId: "data-vpc-id",
      routeTableId: "data-private-id",
    }),
    res("aws:ec2/route:Route", "data-s3", {
      routeTableId: "data-private-id",
      destinationPrefixListId: "pl-63a5400a",
      vpcEndpointId: "vpce-0s3",
    }),
    res("aws:ec2/subnet:Subnet", "data-db-a", { vpcId: "data-vpc-id", cidrBlock: "10.40.0.0/24" }),
    res("aws:rds/subnetGroup:SubnetGroup", "data-db", { subnetIds: ["data-db-a-id"] }),
    res("aws:rds/instance:Instance", "data-db", {
      engine: "postgres",
      instanceClass: "db.t4g.medium",
      allocatedStorage: 20,
      dbSubnetGroupName: "data-db-id",
    }),
    res("aws:s3/bucketV2:BucketV2", "data-lake", {}),
  ],
  faults: [],
};

/** A hub-and-spoke network team: TGW, three VPCs, a static VPN; no EKS. */
const network: CorpusStack = {
  name: "multi-vpc-network",
  hybrid: false,
  resources: [
    res("aws:ec2transitgateway/transitGateway:TransitGateway", "hub", { amazonSideAsn: 64600 }),
    ...["shared", "prod", "dev"].flatMap((n, i) => [
      res("aws:ec2/vpc:Vpc", `${n}-vpc`, { cidrBlock: `10.${60 + i}.0.0/16` }),
      res("aws:ec2/routeTable:RouteTable", `${n}-rt`, {
        vpcId: `${n}-vpc-id`,
        routes: [{ cidrBlock: "10.0.0.0/8", transitGatewayId: "hub-id" }],
      }),
    ]),
    res("aws:ec2/customerGateway:CustomerGateway", "branch-cgw", { bgpAsn: "65010", ipAddress: "198.51.100.7", type: "ipsec.1" }),
    res("aws:ec2/vpnConnection:VpnConnection", "branch-vpn", {
      customerGatewayId: "branch-cgw-id",
      transitGatewayId: "hub-id",
      type: "ipsec.1",
      staticRoutesOnly: true,
    }),
  ],
  faults: [],
};

/** An ordinary (cloud-only) EKS cluster with IRSA roles by pattern and a public endpoint SG. */
const plainEks: CorpusStack = {
  name: "plain-eks",
  hybrid: false,
  resources: [
    res("aws:ec2/vpc:Vpc", "apps-vpc", { cidrBlock: "10.70.0.0/16" }),
    res("aws:ec2/subnet:Subnet", "apps-a", { vpcId: "apps-vpc-id", cidrBlock: "10.70.0.0/20" }),
    res("aws:ec2/securityGroup:SecurityGroup", "apps-api", {
      vpcId: "apps-vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    res("aws:eks/cluster:Cluster", "apps", {
      name: "apps",
      roleArn: "arn:aws:iam::123456789012:role/apps",
      vpcConfig: { subnetIds: ["apps-a-id"], securityGroupIds: ["apps-api-id"] },
      accessConfig: { authenticationMode: "CONFIG_MAP" },
    }),
    res("aws:iam/role:Role", "apps-any-sa", {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/APPS" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringLike: { "oidc.eks.eu-west-1.amazonaws.com/id/APPS:sub": "system:serviceaccount:*:*" } },
      }),
    }),
    res("kubernetes:core/v1:Service", "apps-web", { metadata: { name: "web" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }),
  ],
  faults: [],
};

/** An app team's Kubernetes stack (the cluster comes from a stack reference). */
const k8sApp: CorpusStack = {
  name: "k8s-app",
  hybrid: false,
  resources: [
    res("kubernetes:core/v1:Namespace", "shop", { metadata: { name: "shop" } }),
    res("kubernetes:apps/v1:Deployment", "shop", { metadata: { namespace: "shop" }, spec: { replicas: 2 } }),
    res("kubernetes:core/v1:Service", "shop", { metadata: { namespace: "shop" }, spec: { type: "LoadBalancer", ports: [{ port: 443 }] } }),
    res("kubernetes:helm.sh/v3:Release", "ingress-nginx", {
      chart: "ingress-nginx",
      version: "4.11.3",
      values: { controller: { kind: "DaemonSet" } },
    }),
  ],
  faults: [],
};

export const UNRELATED: readonly CorpusStack[] = [webApp, githubOidc, dataStack, network, plainEks, k8sApp];
