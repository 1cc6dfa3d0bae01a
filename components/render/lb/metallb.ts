/**
 * MetalLB objects from the plan: the namespace (its speaker needs host networking and
 * NET_RAW, so the namespace is `privileged` for Pod Security Admission), one `IPAddressPool`
 * per planned pool, and an `L2Advertisement` (L2) or a `BGPPeer` + `BGPAdvertisement` (BGP)
 * to the on-prem router. Also the chart values. Pure.
 */
import { BGP_TIMERS, LbPoolPlan, NetworkPlan } from "../../plan";
import { HYBRID_NODE_LABEL } from "../cni/k8s-object";
import { cloudNodeAffinity } from "../gateway/mixed-cluster";
import { K8sObject } from "./k8s-object";
import { METALLB_LB_CLASS } from "./lb-classes";

export const METALLB_NAMESPACE = "metallb-system";
/** Helm release name; the chart then names its controller `metallb-controller`. */
export const METALLB_RELEASE = "metallb";
export const METALLB_CONTROLLER_DEPLOYMENT = `${METALLB_RELEASE}-controller`;

export function metallbNamespace(): K8sObject {
  const psa = Object.fromEntries(["enforce", "audit", "warn"].map((m) => [`pod-security.kubernetes.io/${m}`, "privileged"]));
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: METALLB_NAMESPACE, labels: psa } };
}

/**
 * Chart values: the class MetalLB serves (`loadBalancerClass`), images pinned to the chart's release (MetalLB tags images `v<chart version>`),
 * the FRR sidecar only in BGP mode (in L2 the speaker answers ARP itself). The chart's schema
 * requires `image` and `serviceAccount` per component, so they are given explicitly.
 */
export function metallbValues(mode: "l2" | "bgp", chartVersion: string, onCloudNodes = false): Record<string, unknown> {
  const image = (component: string) => ({ repository: `quay.io/metallb/${component}`, tag: `v${chartVersion.replace(/^v/, "")}` });
  // Mixed cluster (`plan.cloudNodes`): the controller, which serves the webhooks, runs on cloud
  // nodes (AWS's mixed-mode node affinity); the speakers announce on-prem addresses and stay on
  // the hybrid nodes, where the pools' addresses live.
  const placement = onCloudNodes
    ? {
        controller: { affinity: cloudNodeAffinity() },
        speaker: { nodeSelector: { [HYBRID_NODE_LABEL.key]: HYBRID_NODE_LABEL.value } },
      }
    : { controller: {}, speaker: {} };
  return {
    // MetalLB then serves only Services of its class; a class-less Service would also be claimed
    // by EKS's legacy cloud provider (`lb-classes.ts`).
    loadBalancerClass: METALLB_LB_CLASS,
    controller: { image: image("controller"), serviceAccount: { create: true }, ...placement.controller },
    speaker: {
      image: image("speaker"),
      serviceAccount: { create: true },
      tolerateMaster: true,
      frr: { enabled: mode === "bgp" },
      ...placement.speaker,
    },
  };
}

export function metallbAddressPool(pool: LbPoolPlan): K8sObject {
  return {
    apiVersion: "metallb.io/v1beta1",
    kind: "IPAddressPool",
    metadata: { name: pool.name, namespace: METALLB_NAMESPACE },
    spec: { addresses: [...pool.addresses], autoAssign: pool.autoAssign },
  };
}

/** Name of the BGPPeer for the on-prem router. */
export const METALLB_ROUTER_PEER = "onprem-router";

/** The advertisement objects of the plan's mode (L2, or BGP peer + advertisement). */
export function metallbAdvertisements(plan: NetworkPlan): K8sObject[] {
  const m = plan.loadBalancing.metallb;
  if (!m) return [];
  const pools = m.pools.map((p) => p.name);
  if (m.mode === "l2") {
    return [
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: "l2-advertisement", namespace: METALLB_NAMESPACE },
        spec: { ipAddressPools: pools },
      },
    ];
  }
  // iBGP to the router in the cluster's AS (the router reflects the routes on).
  return [
    {
      apiVersion: "metallb.io/v1beta2",
      kind: "BGPPeer",
      metadata: { name: METALLB_ROUTER_PEER, namespace: METALLB_NAMESPACE },
      spec: {
        myASN: plan.cni.localAsn,
        peerASN: plan.router.asn,
        peerAddress: plan.router.address,
        holdTime: `${BGP_TIMERS.holdSeconds}s`,
        keepaliveTime: `${BGP_TIMERS.keepaliveSeconds}s`,
        enableGracefulRestart: true,
      },
    },
    {
      apiVersion: "metallb.io/v1beta1",
      kind: "BGPAdvertisement",
      metadata: { name: "bgp-advertisement", namespace: METALLB_NAMESPACE },
      spec: { ipAddressPools: pools, peers: [METALLB_ROUTER_PEER] },
    },
  ];
}
