/**
 * The CIDR and address parsers as they were before `components/plan/cidr.ts` got its own numeric
 * parser: validation by `ip-cidr` (`IPCIDR.isValidCIDR`, `isValidAddress`, from ip-address) plus
 * the project's rules (no leading zeros, host bits clear). Kept only as the oracle the new parser
 * must agree with, result for result and reason for reason.
 */
import IPCIDR from "ip-cidr";
import { cidrOf, formatIpv4, Cidr, Parsed } from "../../components/plan/cidr";

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function oracleParseIpv4(text: string): Parsed<number> {
  const t = String(text).trim();
  if (t.includes(":")) return { ok: false, reason: "is IPv6; EKS hybrid nodes support IPv4 only" };
  const m = IPV4_RE.exec(t);
  if (!m || !IPCIDR.isValidAddress(t)) return { ok: false, reason: "is not an IPv4 address (a.b.c.d)" };
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) {
    return { ok: false, reason: "is not an IPv4 address (octets are 0–255 without leading zeros)" };
  }
  return { ok: true, value: ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0 };
}

export function oracleParseCidr(text: string): Parsed<Cidr> {
  const t = String(text).trim();
  if (t.includes(":")) return { ok: false, reason: "is IPv6; EKS hybrid nodes support IPv4 only" };
  const [addr, len, ...rest] = t.split("/");
  if (len === undefined || rest.length || !/^\d{1,2}$/.test(len) || !IPCIDR.isValidCIDR(t)) {
    return { ok: false, reason: "is not an IPv4 CIDR (a.b.c.d/n)" };
  }
  const ip = oracleParseIpv4(addr);
  if (!ip.ok) return { ok: false, reason: "is not an IPv4 CIDR (a.b.c.d/n)" };
  const prefix = Number(len);
  if (prefix > 32) return { ok: false, reason: "has a prefix longer than /32" };
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (ip.value & mask) >>> 0;
  if (base !== ip.value) return { ok: false, reason: `has host bits set (the network is ${formatIpv4(base)}/${prefix})` };
  return { ok: true, value: cidrOf(base, prefix) };
}
