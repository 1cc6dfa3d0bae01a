/**
 * CIDRs as other teams write them: `10.20.7.9/16` is rejected by the config rules (host bits
 * set; `remote-cidrs-private` reports it), but AWS and the CNIs read it as its network
 * 10.20.0.0/16, so the overlap and pool rules must check that network, not skip the entry.
 */
import { Cidr, cidrOf, parseCidr, parseIpv4 } from "../../components/plan/cidr";

/** The network a CIDR text denotes (host bits cleared), marked in its text when they were set. */
export function networkOf(text: string): Cidr | undefined {
  const p = parseCidr(text);
  if (p.ok) return p.value;
  const m = /^\s*([\d.]+)\/(\d{1,2})\s*$/.exec(String(text));
  const ip = m ? parseIpv4(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (!ip?.ok || !(prefix >= 0 && prefix <= 32)) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = cidrOf((ip.value & mask) >>> 0, prefix);
  return { ...net, text: `${text.trim()} (= ${net.text})` };
}
