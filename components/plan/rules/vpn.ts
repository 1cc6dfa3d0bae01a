/**
 * Site-to-Site VPN tunnel options (AWS VPN user guide, tunnel options): inside CIDRs are /30
 * blocks in 169.254.0.0/16, distinct, and not one of the blocks AWS reserves; with BGP the
 * customer gateway's ASN must differ from the Amazon-side ASN (the sessions are eBGP).
 */
import { cidr, containsIp, ipv4, parseCidr, parseIpv4 } from "../cidr";
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

/** IPv4 blocks that are not public unicast (RFC 6890 special-purpose registry), with their names. */
export const NON_PUBLIC_IPV4: readonly { cidr: string; what: string; documentation?: boolean }[] = [
  { cidr: "0.0.0.0/8", what: "'this network' (unspecified)" },
  { cidr: "10.0.0.0/8", what: "private (RFC 1918)" },
  { cidr: "100.64.0.0/10", what: "carrier-grade NAT shared space (RFC 6598)" },
  { cidr: "127.0.0.0/8", what: "loopback" },
  { cidr: "169.254.0.0/16", what: "link-local" },
  { cidr: "172.16.0.0/12", what: "private (RFC 1918)" },
  { cidr: "192.0.0.0/24", what: "IETF protocol assignments" },
  { cidr: "192.0.2.0/24", what: "documentation (TEST-NET-1, RFC 5737)", documentation: true },
  { cidr: "192.168.0.0/16", what: "private (RFC 1918)" },
  { cidr: "198.18.0.0/15", what: "benchmarking (RFC 2544)" },
  { cidr: "198.51.100.0/24", what: "documentation (TEST-NET-2, RFC 5737)", documentation: true },
  { cidr: "203.0.113.0/24", what: "documentation (TEST-NET-3, RFC 5737)", documentation: true },
  { cidr: "224.0.0.0/4", what: "multicast" },
  { cidr: "240.0.0.0/4", what: "reserved (including the broadcast address 255.255.255.255)" },
];

/**
 * The customer gateway is reached over the internet: its address must be public unicast IPv4.
 * A documentation address (RFC 5737) is only a warning, so that example stacks still plan; the
 * VPN cannot come up with it.
 */
export function checkCustomerGatewayIp({ key, value }: Keyed): Problem[] {
  const p = parseIpv4(value);
  if (!p.ok) return [{ key, value, rule: `${p.reason}; the customer gateway needs its public IPv4 address` }];
  const hit = NON_PUBLIC_IPV4.find((b) => containsIp(cidr(b.cidr), p.value));
  if (!hit) return [];
  if (hit.documentation)
    return [
      {
        key,
        value,
        severity: "warning",
        rule: `is a ${hit.what} address: fine for a plan, but the VPN cannot come up; set the public IPv4 address of the on-prem VPN device`,
      },
    ];
  return [
    {
      key,
      value,
      rule: `is ${hit.what} (${hit.cidr}); the customer gateway is reached over the internet and needs a public unicast IPv4 address`,
    },
  ];
}
