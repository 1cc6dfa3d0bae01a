/**
 * Calico BGP objects for BGP routing: the cluster-wide `BGPConfiguration` (the nodes' AS, and no
 * node-to-node mesh because the on-prem router reflects routes between them) and one `BGPPeer`
 * to the router.
 *
 * Written as `crd.projectcalico.org/v1`: the tigera-operator chart ships these CRDs, so they
 * exist as soon as the release is installed (the `projectcalico.org/v3` view needs the Calico API
 * server running first). The v1 resources skip the API server's defaulting, so every field that
 * matters is set explicitly here.
 */
import { NetworkPlan } from "../../plan";
import { HYBRID_NODE_LABEL, K8sObject } from "./k8s-object";

export const CALICO_CRD_API_VERSION = "crd.projectcalico.org/v1";

/** The BGPConfiguration and BGPPeer for a Calico BGP plan; none for static routing. */
export function renderCalicoBgpResources(plan: NetworkPlan): K8sObject[] {
  if (plan.cni.kind !== "calico" || plan.cni.routing !== "bgp") return [];
  return [
    {
      apiVersion: CALICO_CRD_API_VERSION,
      kind: "BGPConfiguration",
      // Calico reads cluster-wide settings only from the object named `default`.
      metadata: { name: "default" },
      spec: {
        asNumber: plan.cni.localAsn,
        nodeToNodeMeshEnabled: false,
        logSeverityScreen: "Info",
      },
    },
    {
      apiVersion: CALICO_CRD_API_VERSION,
      kind: "BGPPeer",
      metadata: { name: "onprem-router" },
      spec: {
        peerIP: plan.router.address,
        asNumber: plan.router.asn,
        nodeSelector: `${HYBRID_NODE_LABEL.key} == "${HYBRID_NODE_LABEL.value}"`,
        // Each node announces only its own block, with itself as next hop.
        keepOriginalNextHop: true,
        maxRestartTime: "120s",
      },
    },
  ];
}
