/** Rules on the CNI: which kind, routing and chart line work for hybrid nodes. */
import { CNI_DEFAULTS } from "../build-plan"; // read at check time, so the import cycle is harmless
import { checkCniChoice, SUPPORTED_CNI_LINES } from "../rules/cni";
import { show } from "../issue-text";
import { isAwsCiliumRepository } from "../versions/cilium";
import { checkCniKubernetes } from "../versions/cni-kubernetes";
import { ConfigRule } from "./rule";

export const cniChoice: ConfigRule = {
  id: "cni-choice",
  summary: "Static routing needs per-node pools (Calico); the chart version is a supported line of its CNI.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
  reads: ["cni.kind", "cni.routing", "cni.version"],
  check: (c) => {
    const cni = c.cni;
    const routing = cni?.podRouting ?? cni?.routing;
    if (cni?.kind === undefined || routing === undefined) return [];
    return checkCniChoice({
      kind: { key: "cni.kind", value: cni.kind },
      routing: { key: cni.podRouting ? "cni.podRouting" : "cni.routing", value: routing },
      version: { key: "cni.version", value: cni.version ?? CNI_DEFAULTS[cni.kind].version },
    });
  },
};

export const ciliumPinnedPodCidr: ConfigRule = {
  id: "cilium-pinned-pod-cidr",
  summary: "With Cilium a pinned node pod CIDR is only a planning hint (cluster-pool IPAM assigns blocks at runtime): a warning.",
  source: "https://docs.cilium.io/en/stable/network/concepts/ipam/cluster-pool/",
  reads: ["cni.kind", "nodes[].podCidr"],
  check: (c) =>
    c.cni?.kind !== "cilium"
      ? []
      : (c.nodes ?? []).flatMap((n, i) =>
          n?.podCidr === undefined
            ? []
            : [
                {
                  key: `nodes[${i}].podCidr`,
                  value: n.podCidr,
                  severity: "warning" as const,
                  rule: "is pinned, but Cilium's cluster-pool IPAM assigns each node's block at runtime; the pin shapes only the plan's capacity check and the lab's model, not the node's real block",
                },
              ],
        ),
};

export const cniKubernetesCompatibility: ConfigRule = {
  id: "cni-kubernetes-compatibility",
  summary:
    "The CNI line works with the Kubernetes version: error below the CNI's minimum or past the line's end of life; warning outside the versions upstream tests the line with (AWS Cilium builds of AWS-supported lines excepted) or for a line the data does not know.",
  source:
    "https://docs.tigera.io/calico/latest/getting-started/kubernetes/requirements https://docs.cilium.io/en/stable/network/kubernetes/compatibility/ https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
  reads: ["cni.kind", "cni.version", "cni.chartRepository", "cluster.kubernetesVersion"],
  check: (c, { now }) => {
    const kind = c.cni?.kind;
    const kubernetes = c.cluster?.kubernetesVersion;
    if (kind === undefined || kubernetes === undefined) return [];
    const version = c.cni?.version ?? CNI_DEFAULTS[kind].version;
    const repository = c.cni?.chartRepository ?? CNI_DEFAULTS[kind].repository;
    return checkCniKubernetes(
      { kind, version, awsBuild: isAwsCiliumRepository(repository), kubernetes, installable: SUPPORTED_CNI_LINES[kind] },
      now,
    ).map((f) => ({
      key: "cni.version",
      value: show(version),
      rule: `${f.rule} (cluster.kubernetesVersion ${kubernetes})`,
      ...(f.severity === "warning" ? { severity: "warning" as const } : {}),
    }));
  },
};
