/**
 * EKS remote network rules (AWS EKS user guide, hybrid nodes networking): remote node and pod
 * CIDRs are IPv4, RFC 1918 or 100.64.0.0/10, prefix /8–/32.
 */
import { Cidr, isPrivateOrCgnat, parseCidr } from "../cidr";
import { Keyed, Problem } from "./problem";

/** Which remote network a CIDR belongs to. */
export type RemoteNetworkKind = "node" | "pod";

/** A remote network CIDR that parsed, with its key. */
export interface ParsedRemoteCidr {
  /** Config key or property path. */
  readonly key: string;
  /** The parsed block. */
  readonly cidr: Cidr;
}

/**
 * Check remote node or pod CIDRs. Returns the problems and the CIDRs that parsed (so that
 * later rules, such as overlap, can still run on the good ones and report everything at once).
 */
export function checkRemoteCidrs(kind: RemoteNetworkKind, entries: readonly Keyed[]): { problems: Problem[]; parsed: ParsedRemoteCidr[] } {
  const problems: Problem[] = [];
  const parsed: ParsedRemoteCidr[] = [];
  for (const { key, value } of entries) {
    const p = parseCidr(value);
    if (!p.ok) {
      problems.push({ key, value, rule: `${p.reason}; remote ${kind} CIDRs must be IPv4 CIDRs` });
      continue;
    }
    const c = p.value;
    if (c.prefix < 8) {
      problems.push({ key, value, rule: `is a /${c.prefix}; remote ${kind} CIDRs must be /8 to /32` });
    }
    if (!isPrivateOrCgnat(c)) {
      problems.push({ key, value, rule: `is public (not RFC 1918 or 100.64.0.0/10); remote ${kind} CIDRs must be private` });
    }
    parsed.push({ key, cidr: c });
  }
  return { problems, parsed };
}
