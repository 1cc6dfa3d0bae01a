/**
 * The gateway's EC2 nodes: a managed node group of at least two instances across the private
 * subnets' AZs, labelled and tainted for the gateway only, with source/destination checking
 * switched off at boot by the launch template (AWS's managed-node-group method), in a security
 * group that passes VXLAN (UDP 8472) to and from the hybrid nodes and the traffic they forward.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { securityGroupRuleResources } from "../network/security-group";
import { NetworkPlan } from "../plan";
import { GATEWAY } from "../plan/gateway-plan";
import { gatewaySecurityGroupRules, gatewayUserData, sourceDestCheckPolicy } from "../render/gateway";
import { managedNodeRole } from "./node-role";

/** What the node group needs from the rest of the stack. */
export interface GatewayNodesInputs {
  readonly plan: NetworkPlan;
  readonly clusterName: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The cluster security group EKS created (API server and kubelet traffic of the nodes). */
  readonly eksClusterSecurityGroupId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  /** Resources the node group waits for (the VPC CNI add-on: nodes become Ready only with it). */
  readonly dependsOn: pulumi.Resource[];
}

/** Creates the gateway nodes; returns the node group and their security group. */
export function gatewayNodes(name: string, i: GatewayNodesInputs, parent: pulumi.Resource) {
  const opts = { parent };
  const g = i.plan.gateway!;
  const { role, attachments } = managedNodeRole(`${name}-gw-node`, i.partition, opts);
  const srcDst = new aws.iam.RolePolicy(
    `${name}-gw-node-source-dest-check`,
    {
      role: role.name,
      policy: pulumi
        .all([i.partition, i.accountId, i.vpcId])
        .apply(([partition, accountId, vpcId]) =>
          JSON.stringify(sourceDestCheckPolicy({ partition, region: i.plan.region, accountId }, vpcId)),
        ),
    },
    opts,
  );

  const sg = new aws.ec2.SecurityGroup(
    `${name}-gw-nodes`,
    { vpcId: i.vpcId, description: "EKS Hybrid Nodes gateway: VXLAN to hybrid nodes, forwarded pod traffic" },
    opts,
  );
  securityGroupRuleResources(`${name}-gw`, sg.id, gatewaySecurityGroupRules(i.plan), opts);

  const template = new aws.ec2.LaunchTemplate(
    `${name}-gw`,
    {
      userData: Buffer.from(gatewayUserData()).toString("base64"),
      // IMDSv2 only; hop limit 2 as in AWS's template (containers reach IMDS through one more hop).
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" },
      vpcSecurityGroupIds: [i.eksClusterSecurityGroupId, sg.id],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${name}-hybrid-nodes-gateway` } }],
    },
    opts,
  );

  const nodeGroup = new aws.eks.NodeGroup(
    `${name}-gw`,
    {
      clusterName: i.clusterName,
      nodeRoleArn: role.arn,
      subnetIds: i.subnetIds,
      instanceTypes: [g.instanceType],
      amiType: "AL2023_x86_64_STANDARD",
      scalingConfig: { desiredSize: g.nodeCount, minSize: g.nodeCount, maxSize: g.nodeCount },
      // One node at a time: the other keeps (or takes) the gateway's leader lease.
      updateConfig: { maxUnavailable: 1 },
      labels: { [GATEWAY.nodeLabel]: "true" },
      taints: [{ key: GATEWAY.nodeLabel, value: "true", effect: "NO_SCHEDULE" }],
      launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
    },
    { parent, dependsOn: [...attachments, srcDst, ...i.dependsOn] },
  );
  return { nodeGroup, securityGroup: sg, role };
}
