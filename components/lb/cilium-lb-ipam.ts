/**
 * Cilium LB IPAM: the address pools and the BGP advertisement of LoadBalancer IPs. Cilium (with
 * its BGP control plane) is installed by HybridCniRelease; this component only adds the objects,
 * so it must be created after the CNI: the objects inherit the component's `dependsOn`.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { ciliumLbIpamObjects } from "../render/lb/cilium-lb-ipam";
import { applyObject, dependsOnList } from "./apply-object";

/** Arguments of {@link CiliumLbIpam}. */
export interface CiliumLbIpamArgs {
  /** The network plan; `loadBalancing.ciliumLbIpam` must be set and the CNI be Cilium with BGP. */
  readonly plan: NetworkPlan;
}

export class CiliumLbIpam extends pulumi.ComponentResource {
  /** The pools and the advertisement. */
  readonly objects: pulumi.CustomResource[];

  /** `opts.provider` must be the cluster's Kubernetes provider. */
  constructor(name: string, args: CiliumLbIpamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:CiliumLbIpam", name, {}, opts);
    if (!args.plan.loadBalancing.ciliumLbIpam) throw new Error("CiliumLbIpam needs plan.loadBalancing.ciliumLbIpam");
    this.objects = ciliumLbIpamObjects(args.plan).map((obj) =>
      applyObject(name, obj, { parent: this, provider: opts?.provider, dependsOn: dependsOnList(opts) }),
    );
    this.registerOutputs({});
  }
}
