/**
 * Cilium BGP control plane objects: the nodes peer with the on-prem router in the router's own
 * AS (iBGP; the router reflects routes between them) and announce their PodCIDR. With Cilium
 * LB IPAM, the LoadBalancing component adds an advertisement of Service LoadBalancer IPs with the
 * same `ADVERTISE_LABEL`, so this peer config announces it too.
 *
 * The API version follows the chart: `cilium.io/v2alpha1` up to 1.17, `cilium.io/v2` from 1.18
 * (the plan decides it with `ciliumBgpApiVersion`). In v2 a `peerConfigRef` holds only `name`.
 */
import { BGP_TIMERS, ciliumBgpApiVersion, NetworkPlan } from "../../plan";
import { HYBRID_NODE_LABEL, K8sObject } from "./k8s-object";

/** Label that ties the advertisement to the peer config's address family. */
export const ADVERTISE_LABEL = { key: "advertise", value: "bgp" } as const;

/** Names of the Cilium BGP objects (also used by the CRD readiness wait). */
export const CILIUM_BGP = {
  clusterConfig: "cilium-bgp",
  peerConfig: "cilium-peer",
  advertisement: "bgp-advertisements",
  /** CRDs the Cilium operator registers at runtime, which these objects need. */
  crds: ["ciliumbgpclusterconfigs.cilium.io", "ciliumbgppeerconfigs.cilium.io", "ciliumbgpadvertisements.cilium.io"],
} as const;

/** The three Cilium BGP objects for a Cilium BGP plan; none otherwise. */
export function renderCiliumBgpResources(plan: NetworkPlan): K8sObject[] {
  if (plan.cni.kind !== "cilium" || plan.cni.routing !== "bgp") return [];
  const apiVersion = plan.cni.ciliumBgpApiVersion ?? ciliumBgpApiVersion(plan.cni.version);
  const advertisements: Record<string, unknown>[] = [{ advertisementType: "PodCIDR" }];
  return [
    {
      apiVersion,
      kind: "CiliumBGPClusterConfig",
      metadata: { name: CILIUM_BGP.clusterConfig },
      spec: {
        nodeSelector: { matchExpressions: [{ key: HYBRID_NODE_LABEL.key, operator: "In", values: [HYBRID_NODE_LABEL.value] }] },
        bgpInstances: [
          {
            name: `instance-${plan.cni.localAsn}`,
            localASN: plan.cni.localAsn,
            peers: [
              {
                name: "onprem-router",
                peerASN: plan.router.asn,
                peerAddress: plan.router.address,
                peerConfigRef: { name: CILIUM_BGP.peerConfig },
              },
            ],
          },
        ],
      },
    },
    {
      apiVersion,
      kind: "CiliumBGPPeerConfig",
      metadata: { name: CILIUM_BGP.peerConfig },
      spec: {
        timers: { holdTimeSeconds: BGP_TIMERS.holdSeconds, keepAliveTimeSeconds: BGP_TIMERS.keepaliveSeconds },
        gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
        families: [{ afi: "ipv4", safi: "unicast", advertisements: { matchLabels: { [ADVERTISE_LABEL.key]: ADVERTISE_LABEL.value } } }],
      },
    },
    {
      apiVersion,
      kind: "CiliumBGPAdvertisement",
      metadata: { name: CILIUM_BGP.advertisement, labels: { [ADVERTISE_LABEL.key]: ADVERTISE_LABEL.value } },
      spec: { advertisements },
    },
  ];
}
