/**
 * HybridCniRelease: the CNI for hybrid nodes from the plan — Calico (tigera-operator, one IP pool
 * per node; BGP to the router optional) or Cilium (cluster-pool IPAM, BGP control plane) — plus
 * the node labels the pools select (on nodes whose Kubernetes name is known) and the BGP objects,
 * in the order a fresh cluster needs: node labels (and, Calico, the operator CRDs of the version)
 * → Helm release → wait (Cilium: for the runtime
 * CRDs; Calico: for the API server that serves `projectcalico.org/v3`) → BGP objects.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import {
  CALICO_API_SERVICE,
  calicoOperatorCrdsUrl,
  CILIUM_BGP,
  CrdWaitOptions,
  DEFAULT_KUBECTL_IMAGE,
  K8sObject,
  renderCalicoBgpResources,
  renderCiliumBgpResources,
  renderCniRelease,
  renderCrdWait,
} from "../render/cni";
import { helmReleaseArgs } from "../k8s/release-args";
import { applyObject } from "./apply-object";
import { patchNodeLabels } from "./node-labels";

/** Arguments of {@link HybridCniRelease}. */
export interface HybridCniReleaseArgs {
  /** The network plan: decides the CNI, chart, values, BGP objects and node labels. */
  readonly plan: NetworkPlan;
  /**
   * Patch the planned labels onto each node that is registered already (one `NodePatch` per node
   * with `nodes[].registeredName`); the other nodes (SSM or IAM Roles Anywhere) get their labels
   * from nodeadm (`--node-labels`) when they join. Turn off to rely on nodeadm's labels for every node.
   * @default true
   */
  readonly labelRegisteredNodes?: boolean;
  /**
   * Seconds to wait for what the BGP objects need: the CRDs that cilium-operator registers at
   * runtime (Cilium BGP), or the Calico API server's APIService (Calico BGP, `projectcalico.org/v3`);
   * the wait Job then gets a further 60 s for them to become Established / Available.
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

    // Rendered before any resource is made: the label patches are built over several turns of the
    // event loop, and a constructor that threw after starting them would leave them running.
    const spec = renderCniRelease(plan);
    const bgp = plan.cni.kind === "calico" ? renderCalicoBgpResources(plan) : renderCiliumBgpResources(plan);

    // Calico picks a node's pool by label when it allocates the node's first address.
    const labels = (args.labelRegisteredNodes ?? true) ? patchNodeLabels(name, plan.nodes, child) : [];

    // Helm never upgrades CRDs: with Calico the program applies the operator CRDs of the planned
    // version first (a version bump updates them in place), and the release skips its own copy.
    // (Cilium's operator registers and upgrades its CRDs itself.)
    const calicoCrds =
      plan.cni.kind === "calico"
        ? [new k8s.yaml.v2.ConfigFile(`${name}-calico-operator-crds`, { file: calicoOperatorCrdsUrl(plan.cni.version) }, child)]
        : [];
    this.release = new k8s.helm.v3.Release(
      `${name}-${spec.name}`,
      { ...helmReleaseArgs(spec, args.releaseTimeoutSeconds ?? 600), ...(calicoCrds.length ? { skipCrds: true } : {}) },
      { ...child, dependsOn: [...labels, ...calicoCrds] },
    );

    if (bgp.length) {
      // The BGP objects wait for what serves them: the Calico API server (projectcalico.org/v3; it
      // runs only after the release), or the CRDs cilium-operator registers at runtime.
      const ready =
        plan.cni.kind === "calico"
          ? this.waitFor(name, args, spec.namespace, child, {
              name: "calico-apiserver-wait",
              kind: "apiservice",
              crds: [CALICO_API_SERVICE],
              reason: `the Calico API server of tigera-operator ${plan.cni.version}`,
            })
          : this.waitFor(name, args, spec.namespace, child, {
              name: "cilium-bgp-crd-wait",
              // LB IPAM pools (LoadBalancing) are CRs of another runtime-registered CRD.
              crds: plan.loadBalancing.ciliumLbIpam ? [...CILIUM_BGP.crds, "ciliumloadbalancerippools.cilium.io"] : CILIUM_BGP.crds,
              reason: `cilium-operator ${plan.cni.version}`,
            });
      this.applyAll(name, bgp, { ...child, dependsOn: [ready] });
    }

    this.releaseName = pulumi.output(spec.name);
    this.namespace = pulumi.output(spec.namespace);
    this.registerOutputs({ releaseName: this.releaseName, namespace: this.namespace });
  }

  /**
   * The wait Job (with its RBAC) that completes once what the BGP objects need is served: the
   * Cilium CRDs cilium-operator registers, or the Calico API server's APIService.
   */
  private waitFor(
    name: string,
    args: HybridCniReleaseArgs,
    namespace: string,
    child: pulumi.CustomResourceOptions,
    what: Pick<CrdWaitOptions, "name" | "crds" | "reason" | "kind">,
  ): pulumi.Resource {
    const timeoutSeconds = args.crdWaitTimeoutSeconds ?? 300;
    const [sa, role, binding, job] = renderCrdWait({
      ...what,
      namespace,
      timeoutSeconds,
      image: args.kubectlImage ?? DEFAULT_KUBECTL_IMAGE,
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
