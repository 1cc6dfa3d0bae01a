/**
 * HybridCluster: the EKS cluster with remote networks, IAM for hybrid nodes, OIDC and the
 * Kubernetes provider the CNI and load balancing components use.
 * SKELETON: issue 3 builds the resources; the args and outputs below are the contract the stack uses.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";

/** Arguments of {@link HybridCluster}. */
export interface HybridClusterArgs {
  /** The network plan. */
  readonly plan: NetworkPlan;
  /** VPC of the cluster. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnets for the cluster's ENIs (private). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra security groups (HybridNetwork's) for the control plane ENIs. */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

export class HybridCluster extends pulumi.ComponentResource {
  /** Cluster name (created or adopted). */
  readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig for the cluster (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for the cluster, for the CNI and load balancing components. */
  readonly provider: k8s.Provider;
  /** IAM OIDC provider ARN (IRSA). */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** OIDC issuer URL without `https://` (IRSA trust conditions). */
  readonly oidcProviderUrl: pulumi.Output<string>;

  constructor(name: string, args: HybridClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:cluster:HybridCluster", name, {}, opts);
    this.clusterName = pulumi.output(args.plan.cluster.name);
    this.kubeconfig = pulumi.secret("");
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });
    this.oidcProviderArn = pulumi.output("");
    this.oidcProviderUrl = pulumi.output("");
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
