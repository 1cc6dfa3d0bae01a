/**
 * Cilium LB IPAM: one `CiliumLoadBalancerIPPool` per planned pool and a `CiliumBGPAdvertisement`
 * that announces the LoadBalancer IPs of Services to the router over the CNI's BGP sessions. Pure.
 *
 * - API version: the LB IPAM and BGP CRDs are served as `cilium.io/v2alpha1` by Cilium 1.16 and
 *   1.17 and as `cilium.io/v2` from 1.18 (which still serves v2alpha1); the plan decides it
 *   (`plan.cni.ciliumBgpApiVersion`).
 * - The advertisement carries the label `advertise: bgp`, which the CNI's `CiliumBGPPeerConfig`
 *   selects in its `families[].advertisements` (the same label as its PodCIDR advertisement).
 * - Services that should be announced only by Cilium's BGP control plane (not by another LB
 *   implementation) set `spec.loadBalancerClass: io.cilium/bgp-control-plane`.
 * - A pool with `autoAssign: false` serves only Services labelled `lbipam.eks-hybrid/pool: <pool>`.
 */
import { ciliumBgpApiVersion, LbPoolPlan, NetworkPlan } from "../../plan";
import { ADVERTISE_LABEL } from "../cni/cilium-bgp";
import { addressBlock, K8sObject } from "./k8s-object";

/** The label the CNI's peer config selects advertisements by. */
export const BGP_ADVERTISEMENT_LABEL = { [ADVERTISE_LABEL.key]: ADVERTISE_LABEL.value };
/** The class a Service sets to be served by Cilium's BGP control plane. */
export const CILIUM_BGP_LB_CLASS = "io.cilium/bgp-control-plane";
/** Service label that selects a pool with `autoAssign: false`. */
export const POOL_SELECTOR_LABEL = "lbipam.eks-hybrid/pool";

function apiVersion(plan: NetworkPlan): string {
  return plan.cni.ciliumBgpApiVersion ?? ciliumBgpApiVersion(plan.cni.version);
}

export function ciliumLoadBalancerIpPool(plan: NetworkPlan, pool: LbPoolPlan): K8sObject {
  return {
    apiVersion: apiVersion(plan),
    kind: "CiliumLoadBalancerIPPool",
    metadata: { name: pool.name },
    spec: {
      blocks: pool.addresses.map(addressBlock),
      ...(pool.autoAssign ? {} : { serviceSelector: { matchLabels: { [POOL_SELECTOR_LABEL]: pool.name } } }),
    },
  };
}

/** Announce every Service's LoadBalancer IP (Cilium selects Services by label; this matches all). */
export function ciliumServiceAdvertisement(plan: NetworkPlan): K8sObject {
  return {
    apiVersion: apiVersion(plan),
    kind: "CiliumBGPAdvertisement",
    metadata: { name: "loadbalancer-services", labels: { ...BGP_ADVERTISEMENT_LABEL } },
    spec: {
      advertisements: [
        {
          advertisementType: "Service",
          service: { addresses: ["LoadBalancerIP"] },
          // An empty selector matches nothing; NotIn on an unused key matches every Service.
          selector: { matchExpressions: [{ key: "lbipam.eks-hybrid/no-advertise", operator: "NotIn", values: ["true"] }] },
        },
      ],
    },
  };
}

/** Every Cilium LB IPAM object of the plan (none when it is off). */
export function ciliumLbIpamObjects(plan: NetworkPlan): K8sObject[] {
  const c = plan.loadBalancing.ciliumLbIpam;
  if (!c) return [];
  return [...c.pools.map((p) => ciliumLoadBalancerIpPool(plan, p)), ciliumServiceAdvertisement(plan)];
}
