/**
 * Node labels for nodes that are registered already (`nodes[].registeredName`): one `NodePatch`
 * (Server-Side Apply) each, with the labels the plan gives the node (user labels plus the Calico
 * pool selector label). Every node also gets the same labels from its nodeadm `NodeConfig`
 * (`--node-labels`), which the kubelet sets when it registers the node: that is how nodes that
 * have not joined yet are labelled, whatever their credentials.
 *
 * Why not patch every node whose name is known (IAM Roles Anywhere nodes register under their
 * configured name): a Patch resource needs the object to exist. On a Node that has not joined,
 * the Server-Side Apply patch either fails or creates an empty Node object under that name
 * (pulumi/pulumi-kubernetes#2194: a NamespacePatch on a missing namespace created it; #2177:
 * patches of missing objects are Invalid), and the CNI release waits on the patches. So a stack
 * whose nodes join after `pulumi up` (the normal order: the files come from the stack) would
 * break, and 5,000 nodes would be 5,000 resources for what nodeadm already does.
 *
 * The kubelet owns the labels it set at registration (`--node-labels`), so the patch forces
 * conflicts on the fields it lists (`pulumi.com/patchForce`) under one stable field manager
 * (`pulumi.com/patchFieldManager`) that owns only those labels and nothing else on the Node.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlannedNode } from "../plan";
import { buildInBatches } from "../k8s/build-in-batches";

/** Field manager of the label patches. */
export const NODE_LABEL_FIELD_MANAGER = "eks-hybrid-network-node-labels";

/** A planned node that is registered already. */
export type RegisteredNode = PlannedNode & { readonly registeredName: string };

/** The nodes a label patch can target: those configured as registered (`registeredName`). */
export function registeredNodes(nodes: readonly PlannedNode[]): RegisteredNode[] {
  return nodes.filter((n): n is RegisteredNode => n.registeredName !== undefined);
}

/** The NodePatch arguments for one node, on its registered Kubernetes node name. */
export function nodeLabelPatchArgs(node: RegisteredNode): k8s.core.v1.NodePatchArgs {
  return {
    metadata: {
      name: node.registeredName,
      labels: { ...node.labels },
      annotations: {
        "pulumi.com/patchForce": "true",
        "pulumi.com/patchFieldManager": NODE_LABEL_FIELD_MANAGER,
      },
    },
  };
}

/**
 * One NodePatch per registered node (named after the configured node), children of `opts.parent`,
 * built in batches (`buildInBatches`: thousands of registered nodes). One promise per patch, in
 * node order, for `dependsOn`: the CNI release waits for all of them, and whatever needs the
 * labels waits for the release (a `dependsOn` on the component sees only the batches built by
 * the time it registers).
 */
export function patchNodeLabels(
  base: string,
  nodes: readonly PlannedNode[],
  opts: pulumi.CustomResourceOptions,
): Promise<k8s.core.v1.NodePatch>[] {
  return buildInBatches(registeredNodes(nodes), (n) => new k8s.core.v1.NodePatch(`${base}-labels-${n.name}`, nodeLabelPatchArgs(n), opts));
}
