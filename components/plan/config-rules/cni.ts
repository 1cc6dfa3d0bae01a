/** Rules on the CNI: which kind, routing and chart line work for hybrid nodes. */
import { CNI_DEFAULTS } from "../build-plan"; // read at check time, so the import cycle is harmless
import { checkCniChoice } from "../rules/cni";
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
