/**
 * BGP ASN ranges AWS accepts for customer gateways and Transit Gateways, and the ASNs no BGP
 * speaker may use: AS_TRANS 23456 (RFC 6793), 65535 and 4294967295 (RFC 7300, last ASNs).
 */
import { Keyed, Problem } from "./problem";

/** Where an ASN is used decides its allowed range. */
export type AsnUse = "bgp" | "customer-gateway" | "transit-gateway";

/** AWS Site-to-Site VPN user guide, customer gateway options. */
export const CUSTOMER_GATEWAY_ASN_SOURCE = "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html";

/** ASNs AWS reserves for customer gateways: in every Region (Amazon's 7224) and per Region. */
export const RESERVED_CUSTOMER_GATEWAY_ASNS: readonly { asn: number; region?: string }[] = [
  { asn: 7224 },
  { asn: 9059, region: "eu-west-1" },
  { asn: 10124, region: "ap-northeast-1" },
  { asn: 17943, region: "ap-southeast-1" },
];

/** Check an ASN for its use; `region` (the stack's) adds the Region-specific reservations. */
export function checkAsn(use: AsnUse, { key, value }: Keyed<number>, region?: string): Problem[] {
  const bad = (rule: string): Problem[] => [{ key, value: String(value), rule }];
  if (!Number.isInteger(value) || value < 1 || value > 4294967295) return bad("is not a BGP ASN (1–4294967295)");
  if (value === 23456) return bad("is AS_TRANS (23456), reserved for 4-byte ASN transition");
  if (value === 65535 || value === 4294967295) return bad(`is reserved as the last ASN of its range (RFC 7300); no BGP speaker may use it`);
  // 7224 (Amazon's) is refused everywhere; the Region-specific ones where AWS lists them, for customer gateways.
  const reserved = RESERVED_CUSTOMER_GATEWAY_ASNS.find(
    (r) => r.asn === value && (r.region === undefined ? use !== "transit-gateway" : use === "customer-gateway" && r.region === region),
  );
  if (reserved) {
    return bad(
      reserved.region
        ? `is reserved by AWS in ${reserved.region} (${CUSTOMER_GATEWAY_ASN_SOURCE}); a customer gateway there cannot use it`
        : `is reserved by AWS in every Region (Amazon's own ASN, ${CUSTOMER_GATEWAY_ASN_SOURCE}); do not use it on-prem`,
    );
  }
  if (use === "customer-gateway" && value > 2147483647) return bad("is above 2147483647, the largest customer gateway ASN AWS accepts");
  if (use === "transit-gateway" && !((value >= 64512 && value <= 65534) || (value >= 4200000000 && value <= 4294967294))) {
    return bad("is not a private ASN (64512–65534 or 4200000000–4294967294), as a Transit Gateway's Amazon-side ASN must be");
  }
  return [];
}

/**
 * iBGP to a route reflector: the cluster's local ASN must be the router's (peer) ASN; with
 * different ASNs the session comes up as eBGP and the reflector does not reflect.
 */
export function checkRouteReflectorAsn(local: Keyed<number>, peer: Keyed<number>): Problem[] {
  if (local.value === peer.value) return [];
  return [
    {
      key: local.key,
      value: String(local.value),
      rule: `differs from the route reflector's ASN ${peer.value} (${peer.key}); iBGP to a route reflector needs the same ASN on both sides`,
    },
  ];
}
