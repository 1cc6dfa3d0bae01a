/**
 * Exact CIDR aggregation for what the AWS side creates per remote CIDR (VPC routes, Transit
 * Gateway static routes, security group rules): the fewest CIDR blocks whose union is exactly the
 * union of the input blocks, no address more or less. Pure.
 *
 * Why: AWS counts every route and every rule. A route table holds at most 1,000 routes (50 by
 * default), a security group at most 1,000 inbound and 1,000 outbound rules (60 by default, and
 * rules × groups per interface ≤ 1,000), and a Transit Gateway route table 10,000 static routes
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html,
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html). Pod CIDRs are usually
 * carved out of one pool, so neighbouring blocks are common: 2,000 adjacent /22s are 6 blocks, one
 * route each instead of 2,000 — the same traffic reaches the same place. A prefix list would not
 * help: a route or rule that references one counts as its maximum number of entries.
 */
import { Cidr, cidr, cidrOf } from "./cidr";
import type { PodRouting } from "./rules/pod-routing";

/**
 * The minimal exact cover of `texts` (CIDR texts); duplicates do not matter. Merged runs keep the
 * position of their first block in the input, so input that merges nothing comes back unchanged.
 */
export function aggregateCidrs(texts: readonly string[]): string[] {
  const blocks = texts.map((t, i) => ({ c: cidr(t), i })).sort((a, b) => a.c.first - b.c.first || b.c.last - a.c.last);
  const runs: { first: number; last: number; i: number }[] = [];
  for (const { c, i } of blocks) {
    const run = runs[runs.length - 1];
    if (run && c.first <= run.last + 1) {
      run.last = Math.max(run.last, c.last);
      run.i = Math.min(run.i, i);
    } else runs.push({ first: c.first, last: c.last, i });
  }
  return runs.sort((a, b) => a.i - b.i).flatMap((r) => rangeToCidrs(r.first, r.last).map((c) => c.text));
}

/** The fewest aligned blocks covering exactly `first`…`last` (inclusive, unsigned 32-bit). */
export function rangeToCidrs(first: number, last: number): Cidr[] {
  const out: Cidr[] = [];
  let at = first;
  while (at <= last) {
    // The largest block that starts at `at` (alignment) and does not pass `last`.
    let prefix = 32;
    while (prefix > 0) {
      const size = 2 ** (33 - prefix);
      if (at % size !== 0 || at + size - 1 > last) break;
      prefix--;
    }
    const c = cidrOf(at, prefix);
    out.push(c);
    at = c.last + 1;
  }
  return out;
}

/**
 * The remote blocks the program routes from every VPC route table to the Transit Gateway, merged:
 * the node CIDRs and, unless an EKS Hybrid Nodes gateway owns their routes, the pod CIDRs.
 */
export function vpcRoutedRemoteBlocks(
  nodeCidrs: readonly string[],
  podCidrs: readonly string[],
  routing: PodRouting | undefined,
): string[] {
  return aggregateCidrs(routing === "gateway" ? nodeCidrs : [...nodeCidrs, ...podCidrs]);
}
