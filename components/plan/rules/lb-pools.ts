/**
 * Load balancer address pools (MetalLB `IPAddressPool`, `CiliumLoadBalancerIPPool`) hand out
 * addresses that on-prem clients reach on the node LAN: inside the node CIDRs, clear of the pod
 * CIDRs, of every node IP and of the router, and not overlapping each other.
 */
import { Cidr, containsIp, formatIpv4, LabelledRange, overlaps, parseAddressRange, findOverlaps, contains } from "../cidr";
import { Keyed, Problem } from "./problem";

/** A parsed pool entry with its key. */
export type ParsedPoolRange = LabelledRange<string>;

/** Addresses that must stay out of every pool. */
export interface ReservedAddress {
  /** What holds it, e.g. `node node-01` or `the router`. */
  readonly holder: string;
  readonly ip: number;
}

export interface LbPoolContext {
  readonly nodeCidrs: readonly Cidr[];
  readonly podCidrs: readonly Cidr[];
  readonly reserved: readonly ReservedAddress[];
}

/** Check pool entries (`a-b` ranges or CIDRs); returns the problems and the entries that parsed. */
export function checkLbPools(entries: readonly Keyed[], ctx: LbPoolContext): { problems: Problem[]; parsed: ParsedPoolRange[] } {
  const problems: Problem[] = [];
  const parsed: ParsedPoolRange[] = [];
  for (const { key, value } of entries) {
    const p = parseAddressRange(value);
    if (!p.ok) {
      problems.push({ key, value, rule: `${p.reason}; pool addresses are a.b.c.d-e.f.g.h ranges or CIDRs` });
      continue;
    }
    const r = p.value;
    parsed.push({ ...r, label: key });
    if (ctx.nodeCidrs.length && !ctx.nodeCidrs.some((c) => contains(c, r))) {
      problems.push({
        key,
        value,
        rule: `is not inside the remote node CIDRs (${ctx.nodeCidrs.map((c) => c.text).join(", ")}); load balancer addresses must be on the node network`,
      });
    }
    for (const pod of ctx.podCidrs) {
      if (overlaps(pod, r))
        problems.push({ key, value, rule: `overlaps the pod CIDR ${pod.text}; load balancer addresses must be clear of pod addresses` });
    }
    for (const res of ctx.reserved) {
      if (containsIp(r, res.ip)) problems.push({ key, value, rule: `contains ${formatIpv4(res.ip)}, the address of ${res.holder}` });
    }
  }
  for (const { a, b } of findOverlaps(parsed)) {
    problems.push({ key: b.label, value: b.text, rule: `overlaps ${a.text} (${a.label}); pools must not share addresses` });
  }
  return { problems, parsed };
}

/** Pool names become resource names (`IPAddressPool`, `CiliumLoadBalancerIPPool`): unique per kind. */
export function checkUniquePoolNames(names: readonly Keyed[], kind: string): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const { key, value } of names) {
    const first = seen.get(value);
    if (first)
      problems.push({
        key,
        value,
        rule: `is also the name of ${first}; ${kind} names must be unique (each becomes one resource of that name)`,
      });
    else seen.set(value, key);
  }
  return problems;
}
