/** BGP ASN ranges AWS accepts for customer gateways and Transit Gateways. */
import { Keyed, Problem } from "./problem";

/** Where an ASN is used decides its allowed range. */
export type AsnUse = "bgp" | "customer-gateway" | "transit-gateway";

export function checkAsn(use: AsnUse, { key, value }: Keyed<number>): Problem[] {
  const bad = (rule: string): Problem[] => [{ key, value: String(value), rule }];
  if (!Number.isInteger(value) || value < 1 || value > 4294967295) return bad("is not a BGP ASN (1–4294967295)");
  if (value === 23456) return bad("is AS_TRANS (23456), reserved for 4-byte ASN transition");
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
