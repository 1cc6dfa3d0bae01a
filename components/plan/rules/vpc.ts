/**
 * The VPC: created from one CIDR (/16–/23, so that private /19-style and public /21-style
 * subnets fit four AZs) or adopted with its id, CIDRs and subnets.
 */
import { Cidr, parseCidr, subBlock } from "../cidr";
import { StackConfig } from "../config-schema";
import { Problem } from "./problem";

/** Private subnets take `prefix + 3` blocks from the start, public `prefix + 5` from the middle. */
const PRIVATE_EXTRA_BITS = 3;
const PUBLIC_EXTRA_BITS = 5;

export function checkVpc(
  vpc: StackConfig["vpc"],
  region: string | undefined,
): { problems: Problem[]; cidrs: { key: string; cidr: Cidr }[] } {
  const problems: Problem[] = [];
  const cidrs: { key: string; cidr: Cidr }[] = [];
  if (vpc.cidr && vpc.existingVpcId) {
    problems.push({
      key: "vpc.existingVpcId",
      value: vpc.existingVpcId,
      rule: "excludes vpc.cidr; set one: a CIDR to create a VPC, or an id to adopt one",
    });
  }
  if (!vpc.cidr && !vpc.existingVpcId) {
    problems.push({ key: "vpc.cidr", value: "(missing)", rule: "is required unless vpc.existingVpcId adopts a VPC" });
  }
  if (vpc.cidr) {
    const p = parseCidr(vpc.cidr);
    if (!p.ok) problems.push({ key: "vpc.cidr", value: vpc.cidr, rule: `${p.reason}; the VPC needs an IPv4 CIDR` });
    else if (p.value.prefix < 16 || p.value.prefix > 23) {
      problems.push({
        key: "vpc.cidr",
        value: vpc.cidr,
        rule: "must be a /16 to /23 (AWS allows /16–/28; subnets for four AZs need /23 or larger)",
      });
    } else cidrs.push({ key: "vpc.cidr", cidr: p.value });
  }
  if (vpc.existingVpcId) {
    if (!vpc.existingCidrs?.length)
      problems.push({
        key: "vpc.existingCidrs",
        value: "(missing)",
        rule: "is required with vpc.existingVpcId (every VPC CIDR, for the overlap checks)",
      });
    (vpc.existingCidrs ?? []).forEach((t, i) => {
      const p = parseCidr(t);
      if (!p.ok) problems.push({ key: `vpc.existingCidrs[${i}]`, value: t, rule: `${p.reason}; VPC CIDRs are IPv4 CIDRs` });
      else cidrs.push({ key: `vpc.existingCidrs[${i}]`, cidr: p.value });
    });
    if ((vpc.existingPrivateSubnetIds ?? []).length < 2) {
      problems.push({
        key: "vpc.existingPrivateSubnetIds",
        value: JSON.stringify(vpc.existingPrivateSubnetIds ?? []),
        rule: "needs at least 2 subnets in different AZs (EKS requirement)",
      });
    }
    if (!vpc.existingPrivateRouteTableIds?.length) {
      problems.push({
        key: "vpc.existingPrivateRouteTableIds",
        value: JSON.stringify(vpc.existingPrivateRouteTableIds ?? []),
        rule: "must list at least one route table with vpc.existingVpcId; otherwise no VPC route leads to the remote node and pod networks and the control plane cannot reach the hybrid nodes",
      });
    }
    if (!vpc.existingSubnetsTagged) {
      problems.push({
        key: "vpc.existingSubnetsTagged",
        value: "false",
        severity: "warning",
        rule: "says the adopted subnets lack the tags the AWS Load Balancer Controller discovers them by (kubernetes.io/role/elb on public, kubernetes.io/role/internal-elb on private): the program adds them as aws.ec2.Tag resources; set true if they are tagged already",
      });
    }
  }
  if (vpc.availabilityZones && vpc.availabilityZones.length < vpc.azCount) {
    problems.push({
      key: "vpc.availabilityZones",
      value: JSON.stringify(vpc.availabilityZones),
      rule: `lists fewer zones than vpc.azCount (${vpc.azCount})`,
    });
  }
  if (region && vpc.availabilityZones?.some((z) => !z.startsWith(region))) {
    problems.push({
      key: "vpc.availabilityZones",
      value: JSON.stringify(vpc.availabilityZones),
      rule: `names zones outside the region ${region}`,
    });
  }
  return { problems, cidrs };
}

/** Private and public subnet per AZ, carved deterministically from the VPC CIDR. */
export function planSubnets(
  vpc: Cidr,
  azNames: readonly string[],
): { name: string; privateSubnetCidr: string; publicSubnetCidr: string }[] {
  const publicStart = 2 ** (PUBLIC_EXTRA_BITS - 1); // the upper half of the VPC
  return azNames.map((name, i) => ({
    name,
    privateSubnetCidr: subBlock(vpc, vpc.prefix + PRIVATE_EXTRA_BITS, i).text,
    publicSubnetCidr: subBlock(vpc, vpc.prefix + PUBLIC_EXTRA_BITS, publicStart + i).text,
  }));
}
