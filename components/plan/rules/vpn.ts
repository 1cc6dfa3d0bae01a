/**
 * Site-to-Site VPN tunnel options (AWS VPN user guide, tunnel options): inside CIDRs are /30
 * blocks in 169.254.0.0/16, distinct, and not one of the blocks AWS reserves; with BGP the
 * customer gateway's ASN must differ from the Amazon-side ASN (the sessions are eBGP).
 */
import { ipv4, parseCidr } from "../cidr";
import { Keyed, Problem } from "./problem";

/** Tunnel inside CIDRs AWS refuses (they collide with link-local services). */
export const RESERVED_TUNNEL_INSIDE_CIDRS: readonly string[] = [
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
];

export function checkTunnelInsideCidrs(entries: readonly Keyed[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const { key, value } of entries) {
    const p = parseCidr(value);
    if (!p.ok) {
      problems.push({ key, value, rule: `${p.reason}; tunnel inside CIDRs are /30 blocks in 169.254.0.0/16` });
      continue;
    }
    const c = p.value;
    if (c.prefix !== 30 || !(c.first >= ipv4("169.254.0.0") && c.last <= ipv4("169.254.255.255"))) {
      problems.push({ key, value, rule: "must be a /30 in 169.254.0.0/16 (AWS tunnel inside CIDR)" });
      continue;
    }
    if (RESERVED_TUNNEL_INSIDE_CIDRS.includes(c.text)) {
      problems.push({ key, value, rule: `is reserved by AWS (${RESERVED_TUNNEL_INSIDE_CIDRS.join(", ")} cannot be tunnel inside CIDRs)` });
    }
    const dup = seen.get(c.text);
    if (dup) problems.push({ key, value, rule: `is also the inside CIDR of the other tunnel (${dup}); each tunnel needs its own` });
    else seen.set(c.text, key);
  }
  return problems;
}

/** BGP over the tunnels is eBGP: the customer gateway ASN must not be the Amazon-side ASN. */
export function checkVpnBgpAsns(customerGateway: Keyed<number>, amazonSide: Keyed<number>): Problem[] {
  if (customerGateway.value !== amazonSide.value) return [];
  return [
    {
      key: customerGateway.key,
      value: String(customerGateway.value),
      rule: `equals the Transit Gateway's Amazon-side ASN (${amazonSide.key}); the VPN's BGP sessions are eBGP and need different ASNs`,
    },
  ];
}
