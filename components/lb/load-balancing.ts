/**
 * LoadBalancing: MetalLB, the AWS Load Balancer Controller and Cilium LB IPAM.
 * SKELETON: issue 5 builds the resources; the args and outputs below are the contract the stack uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";

/** Arguments of {@link LoadBalancing}. */
export interface LoadBalancingArgs {
  /** The network plan; decides which load balancers exist. */
  readonly plan: NetworkPlan;
  /** Cluster name (controller values). */
  readonly clusterName: pulumi.Input<string>;
  /** VPC id (controller values). */
  readonly vpcId: pulumi.Input<string>;
  /** IAM OIDC provider ARN of the cluster (IRSA trust). */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** OIDC issuer URL without `https://` (IRSA `sub`/`aud` conditions). */
  readonly oidcProviderUrl: pulumi.Input<string>;
}

export class LoadBalancing extends pulumi.ComponentResource {
  constructor(name: string, _args: LoadBalancingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:LoadBalancing", name, {}, opts);
    this.registerOutputs({});
  }
}
