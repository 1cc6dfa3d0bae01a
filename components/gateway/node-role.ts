/**
 * The IAM role of an EKS managed node group with the Amazon VPC CNI: EC2 may assume it, and it
 * carries AWS's three managed node policies (worker node, VPC CNI, ECR pull). Shared by the
 * gateway nodes and the general cloud nodes of a mixed cluster.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_NODE_MANAGED_POLICIES, gatewayNodeTrustPolicy } from "../render/gateway";

/** Creates the role `roleName` and one attachment per managed policy (`<roleName>-<policy>`). */
export function managedNodeRole(roleName: string, partition: pulumi.Input<string>, opts: pulumi.CustomResourceOptions) {
  const role = new aws.iam.Role(roleName, { assumeRolePolicy: JSON.stringify(gatewayNodeTrustPolicy()) }, opts);
  const attachments = GATEWAY_NODE_MANAGED_POLICIES.map(
    (p) =>
      new aws.iam.RolePolicyAttachment(
        `${roleName}-${p}`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${p}` },
        opts,
      ),
  );
  return { role, attachments };
}

/** The Amazon VPC CNI add-on for the cloud nodes (EKS's self-managed `aws-node` is taken over). */
export function vpcCniAddon(
  name: string,
  clusterName: pulumi.Input<string>,
  configuration: Record<string, unknown> | undefined,
  opts: pulumi.CustomResourceOptions,
): aws.eks.Addon {
  return new aws.eks.Addon(
    name,
    {
      clusterName,
      addonName: "vpc-cni",
      ...(configuration ? { configurationValues: JSON.stringify(configuration) } : {}),
      // EKS installs a self-managed aws-node by default; the add-on takes it over. Its own
      // affinity keeps it off hybrid nodes (`eks.amazonaws.com/compute-type: hybrid`).
      resolveConflictsOnCreate: "OVERWRITE",
    },
    opts,
  );
}
