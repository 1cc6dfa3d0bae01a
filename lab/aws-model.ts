/**
 * The AWS half of the twin, read from `resources.json` ALONE (never from the plan): the VPC and
 * its subnets, each subnet's route table (its association, else the VPC's main table, which has
 * only the local route), the cluster and its security groups' rules, the Transit Gateway route
 * tables with associations, propagations and static routes, and the VPN connection. Resources
 * link by id the way `plan-runner/mocks.ts` fills them: `<name>-id` for every custom resource,
 * `tgw-attach-<vpn name>` for a VPN connection's TGW attachment. Pure.
 */

/** One registration of `resources.json`. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, any>;
  readonly custom?: boolean;
}

/** A route of a VPC route table. */
export interface VpcRoute {
  readonly destination: string;
  /** `tgw`: to the Transit Gateway; `igw`: Internet gateway; `nat`; `other` (peering, ENI…). */
  readonly target: "tgw" | "igw" | "nat" | "other";
  /** The `aws:ec2/route:Route` registration. */
  readonly resource: string;
}

export interface VpcRouteTable {
  readonly name: string;
  readonly id: string;
  readonly routes: readonly VpcRoute[];
}

export interface Subnet {
  readonly name: string;
  readonly id: string;
  readonly cidr: string;
  /** Route table in force: the associated one, else the main table (`main`). */
  readonly routeTable: VpcRouteTable;
  /** The association resource, absent for the main table. */
  readonly association?: string;
  /** Tagged `kubernetes.io/role/elb` (internet-facing load balancers). */
  readonly publicElb: boolean;
}

/** A security group rule as registered. */
export interface SgRule {
  readonly direction: "ingress" | "egress";
  /** `tcp`, `udp`, `icmp` or `-1` (all). */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
  readonly resource: string;
  readonly description: string;
}

export interface TgwRouteTable {
  readonly name: string;
  readonly id: string;
  /** Attachment id → association resource. */
  readonly associations: ReadonlyMap<string, string>;
  /** Attachment id → propagation resource. */
  readonly propagations: ReadonlyMap<string, string>;
  readonly routes: readonly { destination: string; attachment?: string; blackhole: boolean; resource: string }[];
}

/** What the twin needs of the AWS side. */
export interface AwsModel {
  readonly vpcName: string;
  readonly vpcCidrs: readonly string[];
  readonly subnets: readonly Subnet[];
  readonly cluster: {
    readonly name: string;
    readonly resource: string;
    readonly endpointPublic: boolean;
    readonly endpointPrivate: boolean;
    /** The cluster's subnets (where EKS puts the control-plane ENIs). */
    readonly subnetIds: readonly string[];
    readonly remoteNodeCidrs: readonly string[];
    readonly remotePodCidrs: readonly string[];
  };
  /** Rules of the security groups the cluster's ENIs get (`vpcConfig.securityGroupIds`). */
  readonly sgRules: readonly SgRule[];
  readonly securityGroups: readonly string[];
  readonly tgw: { readonly name: string; readonly asn: number; readonly routeTables: readonly TgwRouteTable[] };
  readonly vpcAttachment: { readonly name: string; readonly id: string; readonly subnetIds: readonly string[] };
  readonly vpn: {
    readonly name: string;
    readonly attachmentId: string;
    readonly staticRoutesOnly: boolean;
    readonly customerGatewayAsn: number;
    readonly customerGatewayIp: string;
    /** Inside CIDRs when the connection sets them (`tunnelNInsideCidr`). */
    readonly insideCidrs: readonly (string | undefined)[];
  };
}

const idOf = (r: Registration) => `${r.name}-id`;

/** The CIDR rules of the security groups `sgIds` as registered. */
export function sgRulesOf(regs: readonly Registration[], sgIds: readonly string[]): SgRule[] {
  return regs
    .filter((r) => /^aws:vpc\/securityGroup(Ingress|Egress)Rule:/.test(r.type) && sgIds.includes(r.inputs.securityGroupId))
    .filter((r) => r.inputs.cidrIpv4)
    .map((r) => ({
      direction: r.type.includes("Ingress") ? "ingress" : "egress",
      protocol: String(r.inputs.ipProtocol),
      fromPort: Number(r.inputs.fromPort ?? 0),
      toPort: Number(r.inputs.toPort ?? 65535),
      cidr: String(r.inputs.cidrIpv4),
      resource: r.name,
      description: String(r.inputs.description ?? ""),
    }));
}

/** Build the model; throws naming every missing piece at once. */
export function awsModel(regs: readonly Registration[]): AwsModel {
  const problems: string[] = [];
  const of = (t: string) => regs.filter((r) => r.type === t);
  const one = (t: string, what: string): Registration | undefined => {
    const all = of(t);
    if (all.length !== 1) problems.push(`${what}: expected one ${t}, found ${all.length}`);
    return all[0];
  };
  const vpc = one("aws:ec2/vpc:Vpc", "VPC");
  const cluster = one("aws:eks/cluster:Cluster", "EKS cluster");
  const tgw = one("aws:ec2transitgateway/transitGateway:TransitGateway", "Transit Gateway");
  const att = one("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "TGW VPC attachment");
  const vpn = one("aws:ec2/vpnConnection:VpnConnection", "VPN connection");
  if (problems.length || !vpc || !cluster || !tgw || !att || !vpn)
    throw new Error(`resources.json cannot be twinned: ${problems.join("; ")}`);

  const targetOf = (i: Record<string, any>): VpcRoute["target"] =>
    i.transitGatewayId ? "tgw" : i.gatewayId ? "igw" : i.natGatewayId ? "nat" : "other";
  // A route to a managed prefix list (`destinationPrefixListId`) routes each of the list's entries.
  const prefixLists = new Map(
    of("aws:ec2/managedPrefixList:ManagedPrefixList").map((l) => [idOf(l), ((l.inputs.entries ?? []) as any[]).map((e) => String(e.cidr))]),
  );
  const destinationsOf = (r: Registration): string[] => {
    if (r.inputs.destinationCidrBlock) return [String(r.inputs.destinationCidrBlock)];
    const list = prefixLists.get(String(r.inputs.destinationPrefixListId));
    if (!list)
      problems.push(`route ${r.name}: no destinationCidrBlock, and prefix list ${r.inputs.destinationPrefixListId} is not registered`);
    return list ?? [];
  };
  const routesOf = (id: string) =>
    of("aws:ec2/route:Route")
      .filter((r) => r.inputs.routeTableId === id)
      .flatMap((r) => destinationsOf(r).map((destination) => ({ destination, target: targetOf(r.inputs), resource: r.name })));
  const main: VpcRouteTable = { name: `${vpc.name} main route table`, id: `${idOf(vpc)}-main`, routes: [] };
  const tables = new Map(
    of("aws:ec2/routeTable:RouteTable")
      .filter((t) => t.inputs.vpcId === idOf(vpc))
      .map((t) => [idOf(t), { name: t.name, id: idOf(t), routes: routesOf(idOf(t)) }] as const),
  );
  const subnets: Subnet[] = of("aws:ec2/subnet:Subnet")
    .filter((s) => s.inputs.vpcId === idOf(vpc))
    .map((s) => {
      const a = of("aws:ec2/routeTableAssociation:RouteTableAssociation").find((x) => x.inputs.subnetId === idOf(s));
      const rt = a ? tables.get(String(a.inputs.routeTableId)) : undefined;
      return {
        name: s.name,
        id: idOf(s),
        cidr: String(s.inputs.cidrBlock),
        routeTable: rt ?? main,
        ...(rt && a ? { association: a.name } : {}),
        publicElb: s.inputs.tags?.["kubernetes.io/role/elb"] === "1",
      };
    });

  if (problems.length) throw new Error(`resources.json cannot be twinned: ${problems.join("; ")}`);
  const vc = cluster.inputs.vpcConfig ?? {};
  const sgIds: string[] = vc.securityGroupIds ?? [];
  const sgRules = sgRulesOf(regs, sgIds);

  const tgwId = idOf(tgw);
  const vpnAttachment = `tgw-attach-${vpn.name}`;
  const byTable = (t: string, id: string) => of(t).filter((r) => r.inputs.transitGatewayRouteTableId === id);
  const routeTables: TgwRouteTable[] = of("aws:ec2transitgateway/routeTable:RouteTable")
    .filter((t) => t.inputs.transitGatewayId === tgwId)
    .map((t) => ({
      name: t.name,
      id: idOf(t),
      associations: new Map(
        byTable("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", idOf(t)).map((r) => [
          String(r.inputs.transitGatewayAttachmentId),
          r.name,
        ]),
      ),
      propagations: new Map(
        byTable("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation", idOf(t)).map((r) => [
          String(r.inputs.transitGatewayAttachmentId),
          r.name,
        ]),
      ),
      routes: byTable("aws:ec2transitgateway/route:Route", idOf(t)).map((r) => ({
        destination: String(r.inputs.destinationCidrBlock),
        ...(r.inputs.transitGatewayAttachmentId ? { attachment: String(r.inputs.transitGatewayAttachmentId) } : {}),
        blackhole: r.inputs.blackhole === true,
        resource: r.name,
      })),
    }));
  const cgw = regs.find((r) => r.type === "aws:ec2/customerGateway:CustomerGateway" && idOf(r) === vpn.inputs.customerGatewayId);
  if (!cgw)
    throw new Error(
      `resources.json cannot be twinned: VPN ${vpn.name} names customer gateway ${vpn.inputs.customerGatewayId}, not registered`,
    );

  return {
    vpcName: vpc.name,
    vpcCidrs: [String(vpc.inputs.cidrBlock)],
    subnets,
    cluster: {
      name: String(cluster.inputs.name ?? cluster.name),
      resource: cluster.name,
      endpointPublic: vc.endpointPublicAccess !== false,
      endpointPrivate: vc.endpointPrivateAccess === true,
      subnetIds: vc.subnetIds ?? [],
      remoteNodeCidrs: cluster.inputs.remoteNetworkConfig?.remoteNodeNetworks?.cidrs ?? [],
      remotePodCidrs: cluster.inputs.remoteNetworkConfig?.remotePodNetworks?.cidrs ?? [],
    },
    sgRules,
    securityGroups: regs.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && sgIds.includes(idOf(r))).map((r) => r.name),
    tgw: { name: tgw.name, asn: Number(tgw.inputs.amazonSideAsn ?? 64512), routeTables },
    vpcAttachment: { name: att.name, id: idOf(att), subnetIds: att.inputs.subnetIds ?? [] },
    vpn: {
      name: vpn.name,
      attachmentId: vpnAttachment,
      staticRoutesOnly: vpn.inputs.staticRoutesOnly === true,
      customerGatewayAsn: Number(cgw.inputs.bgpAsn),
      customerGatewayIp: String(cgw.inputs.ipAddress),
      insideCidrs: [vpn.inputs.tunnel1InsideCidr, vpn.inputs.tunnel2InsideCidr],
    },
  };
}
