/**
 * CNI pod pools (Calico IP pools, Cilium cluster-pool CIDRs) hand out the addresses EKS knows as
 * the remote pod network: every pool inside the remote pod CIDRs, no two pools sharing addresses,
 * and a Cilium cluster pool cut into enough per-node blocks for the nodes.
 */
import { Cidr, contains, findOverlaps, LabelledRange, parseCidr, totalBlocks } from "../cidr";
import { Keyed, Problem } from "./problem";

/** Check pool CIDRs against the remote pod CIDRs and each other; returns the pools that parsed. */
export function checkPodPools(
  pools: readonly Keyed[],
  podCidrs: readonly Cidr[],
): { problems: Problem[]; parsed: { key: string; cidr: Cidr }[] } {
  const problems: Problem[] = [];
  const parsed: { key: string; cidr: Cidr }[] = [];
  for (const { key, value } of pools) {
    const p = parseCidr(value);
    if (!p.ok) {
      problems.push({ key, value, rule: `${p.reason}; pod pools are IPv4 CIDRs` });
      continue;
    }
    parsed.push({ key, cidr: p.value });
    if (podCidrs.length && !podCidrs.some((c) => contains(c, p.value))) {
      problems.push({
        key,
        value,
        rule: `is not inside the remote pod CIDRs (${podCidrs.map((c) => c.text).join(", ")}); the control plane routes only the remote pod network to hybrid pods`,
      });
    }
  }
  const ranges: LabelledRange[] = parsed.map((x) => ({ first: x.cidr.first, last: x.cidr.last, text: x.cidr.text, label: x.key }));
  for (const { a, b } of findOverlaps(ranges)) {
    problems.push({
      key: b.label,
      value: b.text,
      rule: `overlaps the pod pool ${a.text} (${a.label}); pod pools must not share addresses`,
    });
  }
  return { problems, parsed };
}

/**
 * Per-node blocks of `/maskSize` cut from the pool CIDRs (Cilium cluster-pool IPAM, and the plan's
 * own per-node pod blocks): the mask must fit inside every pool CIDR, and (when the node count is
 * known) the blocks must suffice.
 */
export function checkClusterPoolCapacity(
  pools: readonly { key: string; cidr: Cidr }[],
  maskSize: Keyed<number>,
  nodeCount?: Keyed<number>,
): Problem[] {
  const problems: Problem[] = [];
  const m = maskSize.value;
  const value = `/${m}`;
  if (!Number.isInteger(m) || m < 1 || m > 32) {
    return [{ key: maskSize.key, value, rule: "is not a prefix length (1–32)" }];
  }
  for (const p of pools) {
    if (m < p.cidr.prefix) {
      problems.push({
        key: maskSize.key,
        value,
        rule: `is larger than the pod pool ${p.cidr.text} (${p.key}); per-node blocks must fit inside it`,
      });
    }
  }
  if (nodeCount && problems.length === 0) {
    const blocks = totalBlocks(
      pools.map((p) => p.cidr),
      m,
    );
    if (blocks < nodeCount.value) {
      problems.push({
        key: maskSize.key,
        value,
        rule: `leaves too few blocks: ${pools.map((p) => p.cidr.text).join(" + ")} in ${value} blocks holds ${blocks} node${blocks === 1 ? "" : "s"}; ${nodeCount.value} configured (${nodeCount.key}; use a longer prefix or larger pod CIDRs)`,
      });
    }
  }
  return problems;
}
