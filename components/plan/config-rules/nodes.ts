/** Rules on the hybrid nodes and the router on their network: addresses, names, labels, pod blocks. */
import { parseIpv4 } from "../cidr";
import { assignPodBlocks } from "../pod-blocks";
import { checkNodeLabels, checkPoolSelectorLabel } from "../rules/node-labels";
import { checkAddressInNodeNetwork, checkNodes, NodeAddress } from "../rules/nodes";
import { Problem } from "../rules/problem";
import { ConfigRule } from "./rule";

const HYBRID_NETWORKING = "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html";

export const nodesPresent: ConfigRule = {
  id: "nodes-present",
  summary: "A hybrid cluster lists at least one node.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-join.html",
  reads: ["nodes"],
  check: (c) =>
    c.nodes && c.nodes.length === 0 ? [{ key: "nodes", value: "[]", rule: "is empty; a hybrid cluster needs at least one node" }] : [],
};

export const nodeAddresses: ConfigRule = {
  id: "node-addresses",
  summary: "Node IPs are unique host addresses inside the node CIDRs; node names and registered names are unique.",
  source: HYBRID_NETWORKING,
  reads: ["nodes[].name", "nodes[].ip", "nodes[].registeredName", "onPrem.nodeCidrs"],
  check: (c, { derived }) => {
    const nodes: NodeAddress[] = (c.nodes ?? []).flatMap((n, i) =>
      n?.name === undefined || n.ip === undefined
        ? []
        : [
            {
              nameKey: `nodes[${i}].name`,
              name: n.name,
              ipKey: `nodes[${i}].ip`,
              ip: n.ip,
              registeredName: n.registeredName,
              registeredNameKey: `nodes[${i}].registeredName`,
            },
          ],
    );
    return checkNodes(
      nodes,
      derived.nodeCidrs.map((x) => x.cidr),
    ).problems;
  },
};

export const nodeLabels: ConfigRule = {
  id: "node-labels",
  summary:
    "Node labels are ones kubelet --node-labels accepts (qualified names, no kubernetes.io keys it refuses), not the pool selector label.",
  source: "https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--node-labels)",
  reads: ["nodes[].labels", "cni.poolSelectorLabel"],
  check: (c) => {
    const poolLabel = c.cni?.poolSelectorLabel === undefined ? undefined : { key: "cni.poolSelectorLabel", value: c.cni.poolSelectorLabel };
    return (c.nodes ?? []).flatMap((n, i) =>
      n?.labels ? checkNodeLabels(`nodes[${i}].labels`, n.labels as Record<string, string>, poolLabel) : [],
    );
  },
};

export const poolSelectorLabel: ConfigRule = {
  id: "pool-selector-label",
  summary: "The pool selector label is a qualified name kubelet may set on its node.",
  source: "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set",
  reads: ["cni.poolSelectorLabel"],
  check: (c) =>
    c.cni?.poolSelectorLabel === undefined ? [] : checkPoolSelectorLabel({ key: "cni.poolSelectorLabel", value: c.cni.poolSelectorLabel }),
};

export const routerAddress: ConfigRule = {
  id: "router-address",
  summary: "The router address is an IPv4 host address on the node network, not a node's IP.",
  source: HYBRID_NETWORKING,
  reads: ["router.address", "onPrem.nodeCidrs", "nodes[].ip"],
  check: (c, { derived }) => {
    const address = c.router?.address;
    if (address === undefined) return [];
    const ip = parseIpv4(address);
    if (!ip.ok) return [{ key: "router.address", value: address, rule: `${ip.reason}; the router address must be an IPv4 address` }];
    const problems: Problem[] = checkAddressInNodeNetwork(
      { key: "router.address", value: address },
      ip.value,
      derived.nodeCidrs.map((x) => x.cidr),
      "router address",
    );
    const clash = [...derived.nodeIps].find(([, nip]) => nip === ip.value);
    if (clash) problems.push({ key: "router.address", value: address, rule: `is also the IP of node ${clash[0]}` });
    return problems;
  },
};

export const podBlocks: ConfigRule = {
  id: "pod-blocks",
  summary: "Each node gets a pod block of cni.podBlockPrefix inside the pod CIDRs, disjoint from the others; pins are aligned and fit.",
  source: HYBRID_NETWORKING,
  reads: ["nodes[].podCidr", "nodes[].ip", "onPrem.podCidrs", "onPrem.nodeCidrs", "cni.podBlockPrefix"],
  check: (c, { derived }) => {
    if (!c.nodes || c.cni?.podBlockPrefix === undefined || !derived.podCidrs.length || !derived.nodeCidrs.length) return [];
    const requests = c.nodes.flatMap((n, i) => {
      const ip = n?.name === undefined ? undefined : derived.nodeIps.get(n.name);
      return ip === undefined || !n?.name ? [] : [{ name: n.name, ip, pinned: n.podCidr, key: `nodes[${i}]` }];
    });
    return assignPodBlocks(
      requests,
      derived.nodeCidrs.map((x) => x.cidr),
      derived.podCidrs.map((x) => x.cidr),
      c.cni.podBlockPrefix,
    ).problems;
  },
};
