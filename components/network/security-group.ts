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
  securityGroupRuleResources(`${name}-hybrid`, sg.id, clusterSecurityGroupRules(plan), { parent: sg });
  return sg;
}

/** A planned rule of one CIDR and (except for protocol `-1`) one port. */
export interface PlannedSgRule {
  readonly direction: "ingress" | "egress";
  readonly cidr: string;
  readonly protocol: string;
  readonly port?: number;
  readonly description: string;
  /** Stable suffix of the rule's resource name. */
  readonly key: string;
}

/** One `SecurityGroupIngressRule`/`EgressRule` resource per rule, named `<prefix>-<key>`. */
export function securityGroupRuleResources(
  prefix: string,
  securityGroupId: pulumi.Input<string>,
  rules: readonly PlannedSgRule[],
  opts: pulumi.CustomResourceOptions,
): void {
  for (const r of rules) {
    const args = {
      securityGroupId,
      cidrIpv4: r.cidr,
      ipProtocol: r.protocol,
      fromPort: r.port,
      toPort: r.port,
      description: r.description,
    };
    if (r.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(`${prefix}-${r.key}`, args, opts);
    else new aws.vpc.SecurityGroupEgressRule(`${prefix}-${r.key}`, args, opts);
  }
}
