/**
 * HybridCniRelease: Calico (per-node pools) or Cilium (BGP control plane) for hybrid nodes.
 * SKELETON: issue 4 builds the resources; the args and outputs below are the contract the stack uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";

/** Arguments of {@link HybridCniRelease}. */
export interface HybridCniReleaseArgs {
  /** The network plan. */
  readonly plan: NetworkPlan;
}

export class HybridCniRelease extends pulumi.ComponentResource {
  constructor(name: string, _args: HybridCniReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:cni:HybridCniRelease", name, {}, opts);
    this.registerOutputs({});
  }
}
