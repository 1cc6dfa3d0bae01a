/**
 * HybridCniRelease: the CNI for hybrid nodes from the plan — Calico (tigera-operator, one IP pool
 * per node; BGP to the router optional) or Cilium (cluster-pool IPAM, BGP control plane) — plus
 * the node labels the pools select (on nodes whose Kubernetes name is known) and the BGP objects,
 * in the order a fresh cluster needs: node labels → Helm release → (Cilium: wait for runtime
 * CRDs) → BGP objects.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import {
  CILIUM_BGP,
  DEFAULT_KUBECTL_IMAGE,
  K8sObject,
  renderCalicoBgpResources,
  renderCiliumBgpResources,
  renderCniRelease,
  renderCrdWait,
} from "../render/cni";
import { applyObject } from "./apply-object";
import { patchNodeLabels } from "./node-labels";

/** Arguments of {@link HybridCniRelease}. */
export interface HybridCniReleaseArgs {
  /** The network plan: decides the CNI, chart, values, BGP objects and node labels. */
  readonly plan: NetworkPlan;
  /**
   * Patch the planned labels onto each node whose Kubernetes node name is known (one `NodePatch`
   * per node with `nodes[].registeredName`, or every node with IAM Roles Anywhere); SSM nodes
   * without `registeredName` get their labels from nodeadm (`--node-labels`) only. Needs those
   * nodes registered already; turn off to rely on nodeadm's labels for every node.
   * @default true
   */
  readonly labelRegisteredNodes?: boolean;
  /**
   * Seconds to wait for the CRDs that cilium-operator registers at runtime (Cilium BGP only);
   * the wait Job then gets a further 60 s for them to become Established.
   * @default 300
   */
  readonly crdWaitTimeoutSeconds?: number;
  /** Image with kubectl 1.31+ for the CRD wait Job. @default registry.k8s.io/kubectl:v1.32.0 */
  readonly kubectlImage?: string;
  /** Seconds Helm waits for the release's workloads to become ready. @default 600 */
  readonly releaseTimeoutSeconds?: number;
}

export class HybridCniRelease extends pulumi.ComponentResource {
  /** Helm release name (`calico` or `cilium`). */
  readonly releaseName: pulumi.Output<string>;
  /** Namespace of the release. */
  readonly namespace: pulumi.Output<string>;
  /** The Helm release, for dependents that need the CNI running. */
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: HybridCniReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:cni:HybridCniRelease", name, {}, opts);
    const { plan } = args;
    const child: pulumi.CustomResourceOptions = { parent: this, provider: opts?.provider };

    // Calico picks a node's pool by label when it allocates the node's first address.
    const labels = (args.labelRegisteredNodes ?? true) ? patchNodeLabels(name, plan.nodes, child) : [];

    const spec = renderCniRelease(plan);
    this.release = new k8s.helm.v3.Release(
      `${name}-${spec.name}`,
      {
        name: spec.name,
        chart: spec.chart,
        version: spec.version,
        repositoryOpts: spec.repository ? { repo: spec.repository } : undefined,
        namespace: spec.namespace,
        createNamespace: spec.createNamespace,
        values: spec.values,
        timeout: args.releaseTimeoutSeconds ?? 600,
      },
      { ...child, dependsOn: labels },
    );

    if (plan.cni.kind === "calico") {
      // The tigera-operator chart ships the crd.projectcalico.org CRDs: they exist once it is installed.
      this.applyAll(name, renderCalicoBgpResources(plan), { ...child, dependsOn: [this.release] });
    } else {
      const bgp = renderCiliumBgpResources(plan);
      if (bgp.length) {
        const ready = this.waitForCrds(name, args, spec.namespace, child);
        this.applyAll(name, bgp, { ...child, dependsOn: [ready] });
      }
    }

    this.releaseName = pulumi.output(spec.name);
    this.namespace = pulumi.output(spec.namespace);
    this.registerOutputs({ releaseName: this.releaseName, namespace: this.namespace });
  }

  /** The wait Job (with its RBAC) that completes once the Cilium CRDs this stack uses are served. */
  private waitForCrds(name: string, args: HybridCniReleaseArgs, namespace: string, child: pulumi.CustomResourceOptions): pulumi.Resource {
    const timeoutSeconds = args.crdWaitTimeoutSeconds ?? 300;
    const [sa, role, binding, job] = renderCrdWait({
      name: "cilium-bgp-crd-wait",
      namespace,
      // LB IPAM pools (LoadBalancing) are CRs of another runtime-registered CRD.
      crds: args.plan.loadBalancing.ciliumLbIpam ? [...CILIUM_BGP.crds, "ciliumloadbalancerippools.cilium.io"] : CILIUM_BGP.crds,
      timeoutSeconds,
      image: args.kubectlImage ?? DEFAULT_KUBECTL_IMAGE,
      reason: `cilium-operator ${args.plan.cni.version}`,
    });
    const rbac = [sa, role, binding].map((o) => applyObject(name, o, { ...child, dependsOn: [this.release] }));
    return applyObject(name, job, {
      ...child,
      dependsOn: [this.release, ...rbac],
      // Bounded: the Job's own deadline plus scheduling slack; failing here names the CRDs.
      customTimeouts: { create: `${timeoutSeconds + 240}s`, update: `${timeoutSeconds + 240}s` },
    });
  }

  private applyAll(name: string, objects: readonly K8sObject[], opts: pulumi.CustomResourceOptions): void {
    for (const o of objects) applyObject(name, o, opts);
  }
}
