/**
 * nodeadm `NodeConfig` (`node.eks.aws/v1alpha1`) per hybrid node: cluster name and region, the
 * node's credentials (SSM hybrid activation or IAM Roles Anywhere) and kubelet flags that set
 * the node IP and the labels the CNI pools select, so nodes join already labelled. Pure.
 */
import { NetworkPlan, PlannedNode } from "../plan";
import { yamlScalar } from "./yaml-text";

/** How a node gets its AWS credentials. */
export type NodeCredentials =
  | {
      readonly kind: "ssm";
      readonly activationId: string;
      /** The activation code: `[secret]` in files, the real value only in secret outputs. */
      readonly activationCode: string;
    }
  | {
      readonly kind: "iam-roles-anywhere";
      readonly trustAnchorArn: string;
      readonly profileArn: string;
      readonly roleArn: string;
      /** Node certificate on the host. @default /etc/iam/pki/server.pem */
      readonly certificatePath?: string;
      /** Node private key on the host. @default /etc/iam/pki/server.key */
      readonly privateKeyPath?: string;
    };

/** Credentials for files: AWS-known ids as placeholders, the activation code masked. */
export function maskedNodeCredentials(plan: NetworkPlan): NodeCredentials {
  return plan.cluster.nodeCredentials === "ssm"
    ? { kind: "ssm", activationId: "<ssm.activationId>", activationCode: "[secret]" }
    : {
        kind: "iam-roles-anywhere",
        trustAnchorArn: "<rolesAnywhere.trustAnchorArn>",
        profileArn: "<rolesAnywhere.profileArn>",
        roleArn: "<iam.hybridNodesRoleArn>",
      };
}

/** `k=v,k2=v2`, keys sorted, as kubelet `--node-labels` takes them. */
export function nodeLabelsFlag(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

/** The NodeConfig object for one node. */
export function nodeConfig(plan: NetworkPlan, node: PlannedNode, creds: NodeCredentials): Record<string, unknown> {
  const hybrid =
    creds.kind === "ssm"
      ? { ssm: { activationCode: creds.activationCode, activationId: creds.activationId } }
      : {
          iamRolesAnywhere: {
            // The role session name must equal the node name (the access entry maps it).
            nodeName: node.name,
            trustAnchorArn: creds.trustAnchorArn,
            profileArn: creds.profileArn,
            roleArn: creds.roleArn,
            certificatePath: creds.certificatePath ?? "/etc/iam/pki/server.pem",
            privateKeyPath: creds.privateKeyPath ?? "/etc/iam/pki/server.key",
          },
        };
  const flags = [`--node-ip=${node.ip}`];
  if (Object.keys(node.labels).length) flags.push(`--node-labels=${nodeLabelsFlag(node.labels)}`);
  return {
    apiVersion: "node.eks.aws/v1alpha1",
    kind: "NodeConfig",
    spec: {
      cluster: { name: plan.cluster.name, region: plan.region },
      hybrid,
      kubelet: { flags },
    },
  };
}

/**
 * The NodeConfig YAML for one node: the shape of {@link nodeConfig}, written directly (a YAML
 * library's document model costs about a millisecond a node, and 5,000 nodes are rendered for
 * the files and again for the secret output). `test/render-onprem.test.ts` parses it back.
 */
export function renderNodeadm(plan: NetworkPlan, node: PlannedNode, creds: NodeCredentials): string {
  const doc = nodeConfig(plan, node, creds) as {
    apiVersion: string;
    kind: string;
    spec: { cluster: { name: string; region: string }; hybrid: Record<string, Record<string, string>>; kubelet: { flags: string[] } };
  };
  const q = yamlScalar;
  const lines = [
    `apiVersion: ${q(doc.apiVersion)}`,
    `kind: ${q(doc.kind)}`,
    "spec:",
    "  cluster:",
    `    name: ${q(doc.spec.cluster.name)}`,
    `    region: ${q(doc.spec.cluster.region)}`,
    "  hybrid:",
  ];
  for (const [kind, fields] of Object.entries(doc.spec.hybrid)) {
    lines.push(`    ${kind}:`);
    for (const [k, v] of Object.entries(fields)) lines.push(`      ${k}: ${q(v)}`);
  }
  lines.push("  kubelet:", "    flags:", ...doc.spec.kubelet.flags.map((f) => `      - ${q(f)}`));
  return lines.join("\n") + "\n";
}

/** `nodeadm/<node>.yaml` → text for every node. */
export function renderNodeadmFiles(plan: NetworkPlan, creds: NodeCredentials): Record<string, string> {
  return Object.fromEntries(plan.nodes.map((n) => [`nodeadm/${n.name}.yaml`, renderNodeadm(plan, n, creds)]));
}
