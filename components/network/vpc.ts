/**
 * The VPC side of HybridNetwork: a created VPC (subnets from the plan, internet gateway, NAT,
 * route tables) or an adopted one (ids from the plan; LB role tags added when missing).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CreatedVpcPlan, ExistingVpcPlan } from "../plan";

/** What the rest of the network needs from the VPC. */
export interface VpcParts {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  /** Private route tables, keyed by a stable name part (AZ or route table id). */
  readonly privateRouteTables: { readonly key: string; readonly id: pulumi.Output<string> }[];
  readonly publicRouteTables: { readonly key: string; readonly id: pulumi.Output<string> }[];
}

/** Tags that let the AWS Load Balancer Controller find the subnets. */
export const PUBLIC_SUBNET_TAGS = { "kubernetes.io/role/elb": "1" } as const;
export const PRIVATE_SUBNET_TAGS = { "kubernetes.io/role/internal-elb": "1" } as const;

/** Create the VPC and everything in it. */
export function createVpc(name: string, plan: CreatedVpcPlan, parent: pulumi.Resource): VpcParts {
  const opts = { parent };
  const tags = (n: string, extra: Record<string, string> = {}) => ({ Name: n, ...extra });
  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    { cidrBlock: plan.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags(`${name}-vpc`) },
    opts,
  );
  const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags(`${name}-igw`) }, opts);

  const publicRt = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: tags(`${name}-public`) }, opts);
  new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, opts);

  const publicSubnets = plan.availabilityZones.map((az) => {
    const n = `${name}-public-${az.name}`;
    const s = new aws.ec2.Subnet(
      n,
      { vpcId: vpc.id, cidrBlock: az.publicSubnetCidr, availabilityZone: az.name, tags: tags(n, { ...PUBLIC_SUBNET_TAGS }) },
      opts,
    );
    new aws.ec2.RouteTableAssociation(n, { subnetId: s.id, routeTableId: publicRt.id }, opts);
    return s;
  });

  const nats: aws.ec2.NatGateway[] = [];
  const natAzs =
    plan.natGateways === "none" ? [] : plan.natGateways === "single" ? plan.availabilityZones.slice(0, 1) : plan.availabilityZones;
  natAzs.forEach((az, i) => {
    const n = `${name}-nat-${az.name}`;
    const eip = new aws.ec2.Eip(n, { domain: "vpc", tags: tags(n) }, { parent, dependsOn: [igw] });
    nats.push(new aws.ec2.NatGateway(n, { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: tags(n) }, opts));
  });

  const privateRouteTables: VpcParts["privateRouteTables"] = [];
  const privateSubnets = plan.availabilityZones.map((az, i) => {
    const n = `${name}-private-${az.name}`;
    const s = new aws.ec2.Subnet(
      n,
      { vpcId: vpc.id, cidrBlock: az.privateSubnetCidr, availabilityZone: az.name, tags: tags(n, { ...PRIVATE_SUBNET_TAGS }) },
      opts,
    );
    const rt = new aws.ec2.RouteTable(n, { vpcId: vpc.id, tags: tags(n) }, opts);
    new aws.ec2.RouteTableAssociation(n, { subnetId: s.id, routeTableId: rt.id }, opts);
    const nat = nats.length ? nats[Math.min(i, nats.length - 1)] : undefined;
    if (nat) new aws.ec2.Route(`${n}-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, opts);
    privateRouteTables.push({ key: `private-${az.name}`, id: rt.id });
    return s;
  });

  return {
    vpcId: vpc.id,
    privateSubnetIds: privateSubnets.map((s) => s.id),
    publicSubnetIds: publicSubnets.map((s) => s.id),
    privateRouteTables,
    publicRouteTables: plan.routeRemoteFromPublic ? [{ key: "public", id: publicRt.id }] : [],
  };
}

/** Adopt an existing VPC: nothing is created except the LB role tags when the plan says they are missing. */
export function adoptVpc(name: string, plan: ExistingVpcPlan, parent: pulumi.Resource): VpcParts {
  if (!plan.subnetsTagged) {
    const tag = (ids: readonly string[], tags: Record<string, string>) =>
      ids.forEach((id) =>
        Object.entries(tags).forEach(
          ([key, value]) => new aws.ec2.Tag(`${name}-${id}-lb-role`, { resourceId: id, key, value }, { parent }),
        ),
      );
    tag(plan.publicSubnetIds, PUBLIC_SUBNET_TAGS);
    tag(plan.privateSubnetIds, PRIVATE_SUBNET_TAGS);
  }
  return {
    vpcId: pulumi.output(plan.vpcId),
    privateSubnetIds: plan.privateSubnetIds.map((id) => pulumi.output(id)),
    publicSubnetIds: plan.publicSubnetIds.map((id) => pulumi.output(id)),
    privateRouteTables: plan.routeTableIds.map((id) => ({ key: id, id: pulumi.output(id) })),
    publicRouteTables: [],
  };
}
