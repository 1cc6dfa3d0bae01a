/**
 * Node labels for nodes that are already registered: one `NodePatch` (Server-Side Apply) per
 * planned node with the labels the plan gives it (user labels plus the Calico pool selector
 * label). Nodes that join later get the same labels from their nodeadm `NodeConfig`.
 *
 * The kubelet owns the labels it set at registration (`--node-labels`), so the patch forces
 * conflicts on the fields it lists (`pulumi.com/patchForce`) under one stable field manager
 * (`pulumi.com/patchFieldManager`) that owns only those labels and nothing else on the Node.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlannedNode } from "../plan";

/** Field manager of the label patches. */
export const NODE_LABEL_FIELD_MANAGER = "eks-hybrid-network-node-labels";

/** The NodePatch arguments for one planned node. */
export function nodeLabelPatchArgs(node: PlannedNode): k8s.core.v1.NodePatchArgs {
  return {
    metadata: {
      name: node.name,
      labels: { ...node.labels },
      annotations: {
        "pulumi.com/patchForce": "true",
        "pulumi.com/patchFieldManager": NODE_LABEL_FIELD_MANAGER,
      },
    },
  };
}

/** One NodePatch per node, children of `opts.parent`. */
export function patchNodeLabels(base: string, nodes: readonly PlannedNode[], opts: pulumi.CustomResourceOptions): k8s.core.v1.NodePatch[] {
  return nodes.map((n) => new k8s.core.v1.NodePatch(`${base}-labels-${n.name}`, nodeLabelPatchArgs(n), opts));
}
