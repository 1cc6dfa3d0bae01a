/**
 * CloudNodes: the general cloud nodes of a mixed cluster (`plan.cloudNodes`: pod routing `none`,
 * or `gateway` with `cni.cloudNodes`). AWS's answer when hybrid pods are not routable is to run
 * webhooks on nodes in the VPC of the same cluster
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html): a managed node
 * group with the Amazon VPC CNI add-on (which keeps off hybrid nodes by its own affinity), the
 * EKS CoreDNS add-on configured for both sides, and `trafficDistribution: PreferClose` on kube-dns.
 *
 * Order: VPC CNI add-on → node group (nodes are Ready only with a CNI) → CoreDNS add-on (its
 * hybrid replicas also need the hybrid CNI: the component's `dependsOn`) → kube-dns patch. The
 * webhook-serving releases (MetalLB, the AWS Load Balancer Controller) wait for the node group.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { managedNodeRole, vpcCniAddon } from "../gateway/node-role";
import { dependsOnList } from "../k8s/apply-object";
import { MIXED_CLUSTER, NetworkPlan } from "../plan";
import { coreDnsAddonConfiguration, kubeDnsServicePatch } from "../render/gateway";

/** Field manager of the kube-dns patch (it owns `spec.trafficDistribution` only). */
export const KUBE_DNS_FIELD_MANAGER = "eks-hybrid-network-kube-dns";

/** Arguments of {@link CloudNodes}. */
export interface CloudNodesArgs {
  /** The network plan; `plan.cloudNodes` must be set. */
  readonly plan: NetworkPlan;
  /** EKS cluster name. */
  readonly clusterName: pulumi.Input<string>;
  /** Private subnets (NAT or endpoints for ECR and EKS) the nodes spread over. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Kubernetes provider of the cluster (the kube-dns patch). */
  readonly k8sProvider: pulumi.ProviderResource;
  /** The VPC CNI add-on when another component created it (the gateway); else this one does. */
  readonly vpcCni?: aws.eks.Addon;
}

export class CloudNodes extends pulumi.ComponentResource {
  /** The managed node group; releases that must run on cloud nodes depend on it. */
  readonly nodeGroup: aws.eks.NodeGroup;
  /** Name of the managed node group. */
  readonly nodeGroupName: pulumi.Output<string>;
  /** The EKS CoreDNS add-on configured for the mixed cluster. */
  readonly coreDns: aws.eks.Addon;

  /** `opts.dependsOn`: the hybrid CNI release (CoreDNS's hybrid replica needs it). */
  constructor(name: string, args: CloudNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:cluster:CloudNodes", name, {}, opts);
    const c = args.plan.cloudNodes;
    if (!c) throw new Error(`CloudNodes ${name}: the plan has no cloud nodes (cni.podRouting is ${args.plan.cni.routing})`);
    const child = { parent: this };
    const partition = aws.getPartitionOutput({}, child).partition;

    const vpcCni = args.vpcCni ?? vpcCniAddon(`${name}-vpc-cni`, args.clusterName, undefined, child);
    const { role, attachments } = managedNodeRole(`${name}-cloud-node`, partition, child);
    this.nodeGroup = new aws.eks.NodeGroup(
      `${name}-cloud`,
      {
        clusterName: args.clusterName,
        nodeRoleArn: role.arn,
        subnetIds: args.subnetIds,
        instanceTypes: [c.instanceType],
        amiType: "AL2023_x86_64_STANDARD",
        scalingConfig: { desiredSize: c.nodeCount, minSize: c.nodeCount, maxSize: c.nodeCount },
        // One node at a time, so a webhook replica keeps serving during an update.
        updateConfig: { maxUnavailable: 1 },
        labels: { [MIXED_CLUSTER.cloudNodeLabel]: "true" },
      },
      { parent: this, dependsOn: [...attachments, vpcCni] },
    );

    this.coreDns = new aws.eks.Addon(
      `${name}-coredns`,
      {
        clusterName: args.clusterName,
        addonName: "coredns",
        configurationValues: JSON.stringify(coreDnsAddonConfiguration()),
        // EKS installs a self-managed CoreDNS by default; the add-on takes it over.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
      },
      { parent: this, dependsOn: [...dependsOnList(opts), this.nodeGroup] },
    );
    const dns = kubeDnsServicePatch();
    new k8s.core.v1.ServicePatch(
      `${name}-kube-dns`,
      {
        metadata: { ...dns.metadata, annotations: { "pulumi.com/patchFieldManager": KUBE_DNS_FIELD_MANAGER } },
        spec: dns.spec as k8s.types.input.core.v1.ServiceSpecPatch,
      },
      { parent: this, provider: args.k8sProvider, dependsOn: [this.coreDns] },
    );

    this.nodeGroupName = this.nodeGroup.nodeGroupName;
    this.registerOutputs({ nodeGroupName: this.nodeGroupName, coreDnsVersion: this.coreDns.addonVersion });
  }
}
