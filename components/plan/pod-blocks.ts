/**
 * Per-node pod blocks: deterministic and stable.
 *
 * The rule (also in the README, "Pod blocks"):
 * 1. A node's pinned `podCidr` wins (its prefix may not be longer than the block prefix).
 * 2. Otherwise the node at address offset `i` of the node network (the node CIDRs laid end to
 *    end in config order) gets block number `i mod N`, where the pod CIDRs are cut into N blocks
 *    of the configured prefix, laid end to end in config order.
 * A node's block depends only on its own IP and the networks, so adding, removing or
 * reordering other nodes never moves it. When two nodes land on the same block the plan fails
 * and names a free block to pin; it never moves a block silently.
 */
import { blockCount, Cidr, containsIp, contains, findOverlaps, parseCidr, subBlock, totalBlocks } from "./cidr";
import { checkClusterPoolCapacity } from "./rules/pod-pools";
import { Problem } from "./rules/problem";

/** A node as the allocator sees it. */
export interface BlockRequest {
  readonly name: string;
  /** Node IP as an unsigned integer. */
  readonly ip: number;
  /** Pinned block as written, if any. */
  readonly pinned?: string;
  /** Config key of the node (e.g. `nodes[2]`), for messages. */
  readonly key: string;
}

/** A node's pod block. */
export interface PodBlock {
  readonly node: string;
  readonly cidr: Cidr;
  /** Whether the block was pinned in config. */
  readonly pinned: boolean;
}

/** The `index`-th block across the pod CIDRs laid end to end. */
function blockAt(podCidrs: readonly Cidr[], prefix: number, index: number): Cidr {
  let i = index;
  for (const c of podCidrs) {
    const n = blockCount(c, prefix);
    if (i < n) return subBlock(c, prefix, i);
    i -= n;
  }
  throw new RangeError(`block ${index} is beyond the pod CIDRs`);
}

/** Offset of `ip` in the node CIDRs laid end to end, or -1 when outside them. */
function nodeOffset(nodeCidrs: readonly Cidr[], ip: number): number {
  let base = 0;
  for (const c of nodeCidrs) {
    if (containsIp(c, ip)) return base + (ip - c.first);
    base += c.size;
  }
  return -1;
}

/** Assign every node its pod block, or explain why that cannot be done. */
export function assignPodBlocks(
  nodes: readonly BlockRequest[],
  nodeCidrs: readonly Cidr[],
  podCidrs: readonly Cidr[],
  prefix: number,
  prefixKey = "cni.podBlockPrefix",
): { blocks: PodBlock[]; problems: Problem[] } {
  const problems: Problem[] = checkClusterPoolCapacity(
    podCidrs.map((c, i) => ({ key: `onPrem.podCidrs[${i}]`, cidr: c })),
    { key: prefixKey, value: prefix },
    { key: "nodes", value: nodes.length },
  );
  if (problems.length) return { blocks: [], problems };
  const total = totalBlocks(podCidrs, prefix);
  if (total === 0) return { blocks: [], problems };

  const blocks: (PodBlock & { key: string })[] = [];
  for (const n of nodes) {
    if (n.pinned !== undefined) {
      const p = parseCidr(n.pinned);
      if (!p.ok) {
        problems.push({ key: `${n.key}.podCidr`, value: n.pinned, rule: `${p.reason}; a pinned pod block must be an IPv4 CIDR` });
        continue;
      }
      if (!podCidrs.some((c) => contains(c, p.value))) {
        problems.push({
          key: `${n.key}.podCidr`,
          value: n.pinned,
          rule: `is outside the pod CIDRs (${podCidrs.map((c) => c.text).join(", ")}); node pod blocks must lie inside them`,
        });
        continue;
      }
      if (p.value.prefix > prefix) {
        problems.push({
          key: `${n.key}.podCidr`,
          value: n.pinned,
          rule: `is a /${p.value.prefix}, longer than ${prefixKey} /${prefix}; a node's pool must hold at least one /${prefix} block (Calico IPPool blockSize ${prefix} needs a pool prefix of /${prefix} or shorter)`,
        });
        continue;
      }
      blocks.push({ node: n.name, cidr: p.value, pinned: true, key: `${n.key}.podCidr` });
      continue;
    }
    const offset = nodeOffset(nodeCidrs, n.ip);
    if (offset < 0) continue; // reported by the node address rule
    blocks.push({ node: n.name, cidr: blockAt(podCidrs, prefix, offset % total), pinned: false, key: `${n.key}.ip` });
  }

  const clashes = findOverlaps(blocks.map((b) => ({ first: b.cidr.first, last: b.cidr.last, text: b.cidr.text, label: b })));
  if (clashes.length) {
    const free = freeBlocks(
      podCidrs,
      prefix,
      blocks.map((b) => b.cidr),
      clashes.length,
    );
    clashes.forEach(({ a, b }, i) => {
      const [keep, move] = b.label.pinned && !a.label.pinned ? [b.label, a.label] : [a.label, b.label];
      const hint = free[i] ? `pin ${move.key.replace(/\.(ip|podCidr)$/, ".podCidr")}: ${free[i].text}` : "no free block is left";
      problems.push({
        key: move.key,
        value: `${move.node} → ${move.cidr.text}`,
        rule: `overlaps ${keep.node}'s pod block ${keep.cidr.text}; node pod blocks must be disjoint (${hint})`,
      });
    });
  }
  return { blocks: blocks.map(({ node, cidr, pinned }) => ({ node, cidr, pinned })), problems };
}

/** Up to `want` blocks not overlapping `used`, lowest first. */
function freeBlocks(podCidrs: readonly Cidr[], prefix: number, used: readonly Cidr[], want: number): Cidr[] {
  const out: Cidr[] = [];
  const total = totalBlocks(podCidrs, prefix);
  for (let i = 0; i < total && out.length < want; i++) {
    const b = blockAt(podCidrs, prefix, i);
    if (!used.some((u) => u.first <= b.last && b.first <= u.last)) out.push(b);
  }
  return out;
}
