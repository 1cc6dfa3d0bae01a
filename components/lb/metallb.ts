/**
 * MetalLB: namespace, Helm release, the webhook readiness gate, then the address pools and
 * their advertisement (L2, or BGP to the on-prem router).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import {
  METALLB_NAMESPACE,
  METALLB_RELEASE,
  metallbAddressPool,
  metallbAdvertisements,
  metallbNamespace,
  metallbValues,
} from "../render/lb/metallb";
import { applyObject, dependsOnList } from "./apply-object";
import { metallbWebhookReadinessGate } from "./readiness";

/** Arguments of {@link MetalLb}. */
export interface MetalLbArgs {
  /** The network plan; `loadBalancing.metallb` must be set (mode, chart version, pools). */
  readonly plan: NetworkPlan;
}

export class MetalLb extends pulumi.ComponentResource {
  /** The chart release. */
  readonly release: k8s.helm.v3.Release;
  /** The Job that completes once MetalLB's webhook admits objects. */
  readonly webhookReady: pulumi.CustomResource;

  /** `opts.provider` must be the cluster's Kubernetes provider. */
  constructor(name: string, args: MetalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:MetalLb", name, {}, opts);
    const m = args.plan.loadBalancing.metallb;
    if (!m) throw new Error("MetalLb needs plan.loadBalancing.metallb");
    const provider = opts?.provider;
    const child = { parent: this, provider };

    const namespace = applyObject(name, metallbNamespace(), { ...child, dependsOn: dependsOnList(opts) });
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: METALLB_RELEASE,
        chart: "metallb",
        version: m.version,
        repositoryOpts: { repo: m.chartRepository },
        namespace: METALLB_NAMESPACE,
        values: metallbValues(m.mode, m.version, args.plan.cloudNodes !== undefined),
      },
      { ...child, dependsOn: [namespace] },
    );

    this.webhookReady = metallbWebhookReadinessGate(`${name}-webhook-ready`, {
      opts: { ...child, dependsOn: [namespace, this.release] },
      kubernetesVersion: args.plan.cluster.kubernetesVersion,
    });
    const gated = { ...child, dependsOn: [this.release, this.webhookReady] };
    const pools = m.pools.map((p) => applyObject(name, metallbAddressPool(p), gated));
    // In order: a BGPAdvertisement names its BGPPeer, so the peer comes first.
    const created: pulumi.CustomResource[] = [...pools];
    for (const adv of metallbAdvertisements(args.plan))
      created.push(applyObject(name, adv, { ...gated, dependsOn: [...gated.dependsOn, ...created] }));

    this.registerOutputs({ releaseName: this.release.name });
  }
}
