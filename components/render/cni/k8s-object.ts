/** Helpers the CNI renderers share: the hybrid node label and affinity, replica counts. */

export type { K8sObject, ObjectMeta } from "../k8s-object";

/** The node label EKS puts on every hybrid node (nodeadm sets it at registration). */
export const HYBRID_NODE_LABEL = { key: "eks.amazonaws.com/compute-type", value: "hybrid" } as const;

/** Node affinity that keeps a workload on hybrid nodes (the AWS-documented Cilium values). */
export function hybridNodeAffinity(): Record<string, unknown> {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: HYBRID_NODE_LABEL.key, operator: "In", values: [HYBRID_NODE_LABEL.value] }] }],
      },
    },
  };
}

/** Control-plane replicas: two for availability, but never more than there are hybrid nodes. */
export function controlPlaneReplicas(nodeCount: number): number {
  return Math.max(1, Math.min(2, nodeCount));
}
