/** Plain Kubernetes objects as the renderers return them (no Pulumi). */

/** Object metadata the renderers set. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object: `spec` for most kinds; RBAC kinds carry `rules`, `roleRef`, `subjects`. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

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
