/**
 * Node labels for nodes whose Kubernetes node name is known (`PlannedNode.kubernetesName`: a
 * configured `registeredName`, or the node's name under IAM Roles Anywhere): one `NodePatch`
 * (Server-Side Apply) each, with the labels the plan gives the node (user labels plus the Calico
 * pool selector label). Other nodes (SSM, which register as their managed instance id `mi-…`) get
 * the same labels only from their nodeadm `NodeConfig` (`--node-labels`) when they join: patching
 * the configured name would target a Node that never exists.
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

/** A planned node whose Kubernetes node name is known. */
export type NamedNode = PlannedNode & { readonly kubernetesName: string };

/** The nodes a label patch can target: those with a known Kubernetes node name. */
export function nodesWithKnownName(nodes: readonly PlannedNode[]): NamedNode[] {
  return nodes.filter((n): n is NamedNode => n.kubernetesName !== undefined);
}

/** The NodePatch arguments for one node, on its Kubernetes node name. */
export function nodeLabelPatchArgs(node: NamedNode): k8s.core.v1.NodePatchArgs {
  return {
    metadata: {
      name: node.kubernetesName,
      labels: { ...node.labels },
      annotations: {
        "pulumi.com/patchForce": "true",
        "pulumi.com/patchFieldManager": NODE_LABEL_FIELD_MANAGER,
      },
    },
  };
}

/** One NodePatch per node with a known Kubernetes name (named after the configured node), children of `opts.parent`. */
export function patchNodeLabels(base: string, nodes: readonly PlannedNode[], opts: pulumi.CustomResourceOptions): k8s.core.v1.NodePatch[] {
  return nodesWithKnownName(nodes).map((n) => new k8s.core.v1.NodePatch(`${base}-labels-${n.name}`, nodeLabelPatchArgs(n), opts));
}
