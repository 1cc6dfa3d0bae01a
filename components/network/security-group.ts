/** The cluster's extra security group for hybrid traffic, one rule resource per planned rule. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { clusterSecurityGroupRules } from "./sg-rules";

export function clusterSecurityGroup(
  name: string,
  plan: NetworkPlan,
  vpcId: pulumi.Input<string>,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  // No inline rules: the provider then removes AWS's default allow-all egress rule.
  const sg = new aws.ec2.SecurityGroup(
    `${name}-hybrid`,
    {
      vpcId,
      description: `${plan.cluster.name}: EKS control plane to and from hybrid nodes and pods`,
      tags: { Name: `${name}-hybrid` },
    },
    { parent },
  );
  for (const r of clusterSecurityGroupRules(plan)) {
    const args = {
      securityGroupId: sg.id,
      cidrIpv4: r.cidr,
      ipProtocol: r.protocol,
      fromPort: r.port,
      toPort: r.port,
      description: r.description,
    };
    if (r.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(`${name}-hybrid-${r.key}`, args, { parent: sg });
    else new aws.vpc.SecurityGroupEgressRule(`${name}-hybrid-${r.key}`, args, { parent: sg });
  }
  return sg;
}
