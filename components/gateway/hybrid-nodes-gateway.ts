/**
 * HybridNodesGateway: pod routing mode `gateway` — the Amazon EKS Hybrid Nodes gateway, which
 * makes hybrid pods reachable from the VPC without on-prem pod routes. It turns the cluster into
 * a mixed cloud + hybrid cluster: the Amazon VPC CNI add-on (for the cloud nodes; it keeps off
 * hybrid nodes by its own anti-affinity to `eks.amazonaws.com/compute-type: hybrid`), two or more
 * EC2 gateway nodes, the gateway's Pod Identity, and its Helm release, which programs the VPC
 * routes for the pod CIDRs (the program does not create those routes in this mode).
 *
 * Order: VPC CNI add-on → node group; agent add-on → role → association; Cilium with VTEP (the
 * caller's `dependsOn`) → gateway release.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dependsOnList } from "../k8s/apply-object";
import { helmReleaseArgs } from "../k8s/release-args";
import { NetworkPlan } from "../plan";
import { renderGatewayRelease, vpcCniAddonConfiguration } from "../render/gateway";
import { gatewayIdentity } from "./gateway-identity";
import { gatewayNodes } from "./gateway-nodes";
import { vpcCniAddon } from "./node-role";

/** Arguments of {@link HybridNodesGateway}. */
export interface HybridNodesGatewayArgs {
  /** The network plan; `plan.gateway` must be set (`cni.podRouting: gateway`). */
  readonly plan: NetworkPlan;
  /** EKS cluster name. */
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's VPC. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets (in at least two AZs) for the gateway nodes. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Route tables of the cluster's subnets: the gateway points the pod CIDRs at its ENI in each. */
  readonly routeTableIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The security group EKS created for the cluster (attached to the gateway nodes too). */
  readonly eksClusterSecurityGroupId: pulumi.Input<string>;
  /** Kubernetes provider of the cluster (for the Helm release). */
  readonly k8sProvider: pulumi.ProviderResource;
  /** Seconds Helm waits for the gateway pods to become ready. @default 600 */
  readonly releaseTimeoutSeconds?: number;
}

export class HybridNodesGateway extends pulumi.ComponentResource {
  /** Name of the gateway nodes' managed node group. */
  readonly nodeGroupName: pulumi.Output<string>;
  /** The gateway nodes' security group. */
  readonly securityGroupId: pulumi.Output<string>;
  /** The IAM role the gateway pods assume (EKS Pod Identity). */
  readonly podRoleArn: pulumi.Output<string>;
  /** The route tables the gateway programs. */
  readonly routeTableIds: pulumi.Output<string[]>;
  /** The Amazon VPC CNI add-on (general cloud nodes of a mixed cluster wait for it too). */
  readonly vpcCni: aws.eks.Addon;

  constructor(name: string, args: HybridNodesGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:gateway:HybridNodesGateway", name, {}, opts);
    const { plan } = args;
    if (!plan.gateway) throw new Error(`HybridNodesGateway ${name}: cni.podRouting is ${plan.cni.routing}, not gateway`);
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    const vpcCni = vpcCniAddon(`${name}-vpc-cni`, args.clusterName, vpcCniAddonConfiguration(plan), { parent: this });
    const nodes = gatewayNodes(
      name,
      {
        plan,
        clusterName: args.clusterName,
        vpcId: args.vpcId,
        subnetIds: args.subnetIds,
        eksClusterSecurityGroupId: args.eksClusterSecurityGroupId,
        partition,
        accountId,
        dependsOn: [vpcCni],
      },
      this,
    );
    const identity = gatewayIdentity(
      name,
      { plan, clusterName: args.clusterName, routeTableIds: args.routeTableIds, vpcId: args.vpcId, partition, accountId },
      this,
    );

    const routeTableIds = pulumi.output(args.routeTableIds);
    const release = new k8s.helm.v3.Release(
      `${name}-hybrid-nodes-gateway`,
      routeTableIds.apply((ids) => helmReleaseArgs(renderGatewayRelease(plan, ids), args.releaseTimeoutSeconds ?? 600)),
      // The component's dependsOn (the Cilium release with VTEP) applies to the release only.
      { parent: this, provider: args.k8sProvider, dependsOn: [...dependsOnList(opts), nodes.nodeGroup, identity.association] },
    );

    this.nodeGroupName = nodes.nodeGroup.nodeGroupName;
    this.securityGroupId = nodes.securityGroup.id;
    this.podRoleArn = identity.role.arn;
    this.routeTableIds = routeTableIds;
    this.vpcCni = vpcCni;
    this.registerOutputs({
      nodeGroupName: this.nodeGroupName,
      securityGroupId: this.securityGroupId,
      podRoleArn: this.podRoleArn,
      routeTableIds: this.routeTableIds,
      releaseStatus: release.status,
    });
  }
}
