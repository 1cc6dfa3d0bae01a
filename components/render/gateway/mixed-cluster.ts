/**
 * What a mixed cluster (hybrid nodes plus the general cloud nodes, `plan.cloudNodes`) renders, as
 * AWS documents it on https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html
 * ("Configure add-ons and webhooks for mixed mode clusters"). Pure.
 *
 * - Webhook-serving add-ons run on cloud nodes: node affinity `eks.amazonaws.com/compute-type
 *   NotIn [hybrid]` (the page's AWS Load Balancer Controller values, the same for every add-on).
 * - CoreDNS: pod anti-affinity on `kubernetes.io/hostname` (weight 100) and
 *   `topology.kubernetes.io/zone` (weight 50), so with the hybrid nodes labelled
 *   `topology.kubernetes.io/zone=onprem` (nodeadm `--node-labels`) the replicas land on both sides;
 *   the kube-dns Service gets `trafficDistribution: PreferClose`. The add-on's configuration schema
 *   (`aws eks describe-addon-configuration --addon-name coredns`) has a top-level `affinity` and
 *   rejects unknown keys; its default affinity (Linux, amd64/arm64 nodes) is kept, because a
 *   given `affinity` replaces the default as a whole.
 */
import { MIXED_CLUSTER } from "../../plan";
import { K8sObject } from "../k8s-object";

/** Node affinity that keeps a workload off hybrid nodes (AWS's mixed-mode webhook values). */
export function cloudNodeAffinity(): Record<string, unknown> {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: MIXED_CLUSTER.computeTypeLabel, operator: "NotIn", values: [MIXED_CLUSTER.hybridComputeType] }] },
        ],
      },
    },
  };
}

const kubeDnsTerm = (topologyKey: string, weight: number) => ({
  weight,
  podAffinityTerm: {
    labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
    topologyKey,
  },
});

/** `configurationValues` of the EKS `coredns` add-on in a mixed cluster. */
export function coreDnsAddonConfiguration(): Record<string, unknown> {
  return {
    affinity: {
      // The add-on's default node affinity, kept.
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
              ],
            },
          ],
        },
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          kubeDnsTerm("kubernetes.io/hostname", 100),
          kubeDnsTerm(MIXED_CLUSTER.zoneLabel, 50),
        ],
      },
    },
  };
}

/** The patch of the kube-dns Service: clients prefer the CoreDNS replica on their side. */
export function kubeDnsServicePatch(): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kube-dns", namespace: "kube-system" },
    spec: { trafficDistribution: "PreferClose" },
  };
}
