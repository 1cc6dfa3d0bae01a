/**
 * Values of the Cilium chart for hybrid nodes, per the EKS user guide: every Cilium component
 * on hybrid nodes only (`affinity` and `operator.affinity`; the source article's `kaffinity:` is a
 * typo the chart silently ignores), cluster-pool IPAM over the remote pod networks, no
 * standalone Envoy, topology-aware services, the BGP control plane in BGP mode, and after an
 * upgrade `upgradeCompatibility` = the first installed version's `major.minor`.
 */
import { NetworkPlan } from "../../plan";
import { gatewayCiliumValues } from "../gateway/release";
import { controlPlaneReplicas, hybridNodeAffinity } from "./k8s-object";

/** Cilium chart values for the plan. */
export function renderCiliumValues(plan: NetworkPlan): Record<string, unknown> {
  if (plan.cni.kind !== "cilium") throw new Error(`renderCiliumValues: cni.kind is ${plan.cni.kind}, not cilium`);
  return {
    affinity: hybridNodeAffinity(),
    ipam: {
      mode: "cluster-pool",
      operator: {
        // Must equal the cluster's remote pod networks; Cilium cannot change them after install.
        clusterPoolIPv4PodCIDRList: [...plan.remote.podCidrs],
        clusterPoolIPv4MaskSize: plan.cni.podBlockPrefix,
      },
    },
    operator: {
      replicas: controlPlaneReplicas(plan.nodes.length),
      affinity: hybridNodeAffinity(),
      unmanagedPodWatcher: { restart: false },
    },
    envoy: { enabled: false },
    loadBalancer: { serviceTopology: true },
    bgpControlPlane: { enabled: plan.cni.routing === "bgp" },
    // After an upgrade: keep the first installed version's defaults (EKS hybrid nodes CNI page).
    ...(plan.cni.upgradeCompatibility ? { upgradeCompatibility: plan.cni.upgradeCompatibility } : {}),
    ...gatewayCiliumValues(plan),
  };
}
