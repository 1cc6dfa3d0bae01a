/**
 * Security group rules as nftables lines, shared by the twin's ENI hosts and its gateway node:
 * one stateful accept with a counter per rule, commented with the rule's resource name (the flow
 * trace names the rule a flow lacked from it).
 */
import { SgRule } from "./aws-model";

const proto = (r: SgRule) =>
  r.protocol === "-1" ? "" : r.protocol === "icmp" ? " ip protocol icmp" : ` ${r.protocol} dport ${r.fromPort}-${r.toPort}`;

/** The accept lines (chain body, 4-space indent) of `rules` in direction `dir`. */
export function sgAcceptLines(rules: readonly SgRule[], dir: SgRule["direction"]): string[] {
  return rules
    .filter((r) => r.direction === dir)
    .map((r) => `    ip ${dir === "ingress" ? "saddr" : "daddr"} ${r.cidr}${proto(r)} counter accept comment "${r.resource}"`);
}
