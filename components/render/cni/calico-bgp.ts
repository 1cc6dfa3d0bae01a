/**
 * Calico BGP objects for BGP routing: the cluster-wide `BGPConfiguration` (the nodes' AS, and no
 * node-to-node mesh because the on-prem router reflects routes between them) and one `BGPPeer`
 * to the router.
 *
 * Written as `projectcalico.org/v3`, the API Calico supports for users (served by the Calico API
 * server, which validates and defaults them; `crd.projectcalico.org/v1` is Calico's internal
 * storage and skips both — https://docs.tigera.io/calico/latest/operations/calicoctl/install and
 * AWS's own Calico example for hybrid nodes, aws-samples/eks-hybrid-examples, use v3). The API
 * server runs only after the release is up, so the component applies these objects behind a
 * wait for the APIService `v3.projectcalico.org` (`CALICO_API_SERVICE`, `crd-wait.ts`).
 */
import { NetworkPlan } from "../../plan";
import { HYBRID_NODE_LABEL, K8sObject } from "./k8s-object";

export const CALICO_API_VERSION = "projectcalico.org/v3";
/** The aggregated APIService of the Calico API server. */
export const CALICO_API_SERVICE = "v3.projectcalico.org";

/** The BGPConfiguration and BGPPeer for a Calico BGP plan; none for static routing. */
export function renderCalicoBgpResources(plan: NetworkPlan): K8sObject[] {
  if (plan.cni.kind !== "calico" || plan.cni.routing !== "bgp") return [];
  return [
    {
      apiVersion: CALICO_API_VERSION,
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
      apiVersion: CALICO_API_VERSION,
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
