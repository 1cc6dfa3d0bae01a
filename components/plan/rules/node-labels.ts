/**
 * Node labels handed to kubelet `--node-labels` (through nodeadm): keys must be Kubernetes
 * qualified names and values label values, and kubelet refuses to start with a key in the
 * `kubernetes.io` / `k8s.io` namespaces unless it is one kubelet may set on itself
 * (`k8s.io/kubernetes` `pkg/kubelet/apis` `IsKubeletLabel`); `node-role.kubernetes.io/*` is not.
 */
import { show } from "../issue-text";
import { Keyed, Problem } from "./problem";

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Labels kubelet may set on its own node, by exact key. */
export const KUBELET_LABELS: readonly string[] = [
  "kubernetes.io/hostname",
  "kubernetes.io/os",
  "kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/instance-type",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
];
/** Label namespaces (and their subdomains) kubelet may set on its own node. */
export const KUBELET_LABEL_NAMESPACES: readonly string[] = ["kubelet.kubernetes.io", "node.kubernetes.io"];

const inNamespace = (ns: string, parent: string) => ns === parent || ns.endsWith(`.${parent}`);

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "has more than one '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `has the prefix ${show(prefix)}, which is not a DNS subdomain (lower case, digits, - and ., at most 253 characters)`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `has the name ${show(name)}, which is not 1–63 characters of letters, digits, -, _ and . starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one (empty is allowed). */
export function labelValueProblem(value: string): string | undefined {
  if (value === "") return undefined;
  if (value.length > 63 || !NAME.test(value))
    return "is not a label value (at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit, or empty)";
  return undefined;
}

/** Whether kubelet accepts `key` in `--node-labels` (namespace rule only; syntax is checked apart). */
export function kubeletMaySetLabel(key: string): boolean {
  const ns = key.includes("/") ? key.split("/")[0] : "";
  if (!inNamespace(ns, "kubernetes.io") && !inNamespace(ns, "k8s.io")) return true;
  return KUBELET_LABELS.includes(key) || KUBELET_LABEL_NAMESPACES.some((allowed) => inNamespace(ns, allowed));
}

/**
 * Check one node's labels (`labelsKey` e.g. `nodes[0].labels`); `reserved` is the pool selector
 * label key, which the plan sets to the node name and so must not be given by the user.
 */
export function checkNodeLabels(labelsKey: string, labels: Readonly<Record<string, string>>, reserved?: Keyed): Problem[] {
  const problems: Problem[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const key = /^[\x21-\x7e]+$/.test(k) ? `${labelsKey}.${k}` : `${labelsKey}[${JSON.stringify(k)}]`; // a key stays one line
    const bad = qualifiedNameProblem(k);
    if (bad) problems.push({ key, value: show(k), rule: `${bad}; node label keys must be Kubernetes qualified names ([prefix/]name)` });
    else if (!kubeletMaySetLabel(k)) {
      problems.push({
        key,
        value: show(k),
        rule: `is in the kubernetes.io/k8s.io namespace, which kubelet --node-labels accepts only for ${KUBELET_LABELS.join(", ")} and [*.]${KUBELET_LABEL_NAMESPACES.join("/*, [*.]")}/* (node-role.kubernetes.io/* is not allowed); nodeadm init would fail`,
      });
    }
    const badValue = labelValueProblem(v);
    if (badValue) problems.push({ key, value: show(v), rule: badValue });
    if (reserved && k === reserved.value) {
      problems.push({
        key,
        value: show(k),
        rule: `is the pool selector label (${reserved.key}); the plan sets it to the node name, so this value would be overwritten`,
      });
    }
  }
  return problems;
}

/** The pool selector label key is set on every node through `--node-labels` too. */
export function checkPoolSelectorLabel({ key, value }: Keyed): Problem[] {
  const bad = qualifiedNameProblem(value);
  if (bad)
    return [{ key, value: show(value), rule: `${bad}; the pool selector label must be a Kubernetes qualified name ([prefix/]name)` }];
  if (!kubeletMaySetLabel(value)) {
    return [
      {
        key,
        value: show(value),
        rule: "is in the kubernetes.io/k8s.io namespace, which kubelet --node-labels refuses for this key; nodeadm init would fail",
      },
    ];
  }
  return [];
}
