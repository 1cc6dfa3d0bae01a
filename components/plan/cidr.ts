/**
 * IPv4 CIDR and address arithmetic for the network plan.
 *
 * Text is parsed once, by hand, into unsigned 32-bit integers (a 10,000-CIDR config parses in
 * about a millisecond); from then on containment, overlap and subdivision are plain integer
 * comparisons. The accepted syntax is exactly `ip-cidr`'s (`ip-address`'s) IPv4 syntax minus
 * leading zeros, which `test/cidr.test.ts` checks against `ip-cidr` on generated text.
 */

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface Ipv4Range {
  /** First address (unsigned 32-bit integer). */
  readonly first: number;
  /** Last address, inclusive (unsigned 32-bit integer). */
  readonly last: number;
}

/** A parsed IPv4 CIDR block. */
export interface Cidr extends Ipv4Range {
  /** Canonical text, e.g. `192.168.32.0/23`. */
  readonly text: string;
  /** Prefix length, 0–32. */
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
}

/** Why a text is not a usable IPv4 CIDR or address. */
export type ParseFailure = { readonly ok: false; readonly reason: string };
export type Parsed<T> = { readonly ok: true; readonly value: T } | ParseFailure;

const NOT_IPV4 = "is not an IPv4 address (a.b.c.d)";

/**
 * Dotted quad in `t[from, to)` → unsigned integer; -1 when it is not four groups of 1–3 digits,
 * -2 when a group is over 255 or has a leading zero (both not an address, as for ip-address).
 */
function scanIpv4(t: string, from: number, to: number): number {
  let value = 0;
  let octets = 0;
  let i = from;
  while (octets < 4) {
    const start = i;
    let octet = 0;
    while (i < to && i - start < 4) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      octet = octet * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3) return -1;
    octets++;
    if (octets < 4) {
      if (i >= to || t.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    } else if (i !== to) return -1;
    if (octet > 255 || (digits > 1 && t.charCodeAt(start) === 48)) value = -2;
    if (value !== -2) value = value * 256 + octet;
  }
  return value;
}

/** Unsigned 32-bit integer → dotted quad. */
export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Dotted quad → unsigned 32-bit integer, or a reason it is not one. */
export function parseIpv4(text: string): Parsed<number> {
  const t = String(text).trim();
  if (t.includes(":")) return { ok: false, reason: "is IPv6; EKS hybrid nodes support IPv4 only" };
  const v = scanIpv4(t, 0, t.length);
  // ip-address rejects octets over 255 and leading zeros alike, with the general message.
  return v < 0 ? { ok: false, reason: NOT_IPV4 } : { ok: true, value: v };
}

function isDigit(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Netmask of a prefix length as an unsigned integer. */
function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Build a CIDR from a network address and prefix (the address must be aligned). */
export function cidrOf(base: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  return { text: `${formatIpv4(base)}/${prefix}`, prefix, first: base, last: base + size - 1, size };
}

/**
 * Parse `a.b.c.d/n`. Host bits must be zero: `192.168.32.5/23` is rejected with the
 * network it probably meant, because AWS and the CNIs disagree on how they read it.
 */
export function parseCidr(text: string): Parsed<Cidr> {
  const t = String(text).trim();
  if (t.includes(":")) return { ok: false, reason: "is IPv6; EKS hybrid nodes support IPv4 only" };
  const slash = t.indexOf("/");
  const len = slash < 0 ? "" : t.slice(slash + 1);
  const lenOk = len.length === 1 ? isDigit(len, 0) : len.length === 2 && isDigit(len, 0) && isDigit(len, 1);
  const addr = slash < 0 ? -1 : scanIpv4(t, 0, slash);
  const prefix = Number(len);
  // ip-cidr accepts no prefix over 32 either (and does accept `/08`).
  if (!lenOk || addr < 0 || prefix > 32) {
    return { ok: false, reason: "is not an IPv4 CIDR (a.b.c.d/n)" };
  }
  const ip = { value: addr };
  const base = (ip.value & maskOf(prefix)) >>> 0;
  if (base !== ip.value) {
    return { ok: false, reason: `has host bits set (the network is ${formatIpv4(base)}/${prefix})` };
  }
  return { ok: true, value: cidrOf(base, prefix) };
}

/** Parse a CIDR that is known to be valid (throws otherwise). */
export function cidr(text: string): Cidr {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(`${text} ${p.reason}`);
  return p.value;
}

/** Parse an address that is known to be valid (throws otherwise). */
export function ipv4(text: string): number {
  const p = parseIpv4(text);
  if (!p.ok) throw new Error(`${text} ${p.reason}`);
  return p.value;
}

/** `a-b` address range (inclusive) or a CIDR, as used by MetalLB and Cilium LB pools. */
export function parseAddressRange(text: string): Parsed<Ipv4Range & { text: string }> {
  const t = String(text).trim();
  if (t.includes("/")) {
    const c = parseCidr(t);
    return c.ok ? { ok: true, value: c.value } : c;
  }
  const parts = t.split("-");
  if (parts.length !== 2) return { ok: false, reason: "is neither a CIDR nor an address range (a.b.c.d-e.f.g.h)" };
  const a = parseIpv4(parts[0]);
  const b = parseIpv4(parts[1]);
  if (!a.ok) return { ok: false, reason: `starts with ${parts[0].trim()}, which ${a.reason}` };
  if (!b.ok) return { ok: false, reason: `ends with ${parts[1].trim()}, which ${b.reason}` };
  if (b.value < a.value) return { ok: false, reason: "ends before it starts" };
  return { ok: true, value: { text: t, first: a.value, last: b.value } };
}

/** Whether `outer` contains every address of `inner`. */
export function contains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** Whether `range` contains the address `ip`. */
export function containsIp(range: Ipv4Range, ip: number): boolean {
  return range.first <= ip && ip <= range.last;
}

/** Whether two ranges share at least one address. */
export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** The `index`-th sub-block of length `prefix` inside `parent` (like Terraform's cidrsubnet). */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix || prefix > 32) {
    throw new RangeError(`/${prefix} blocks do not fit in ${parent.text}`);
  }
  const count = 2 ** (prefix - parent.prefix);
  if (index < 0 || index >= count) {
    throw new RangeError(`${parent.text} holds ${count} /${prefix} blocks; block ${index} does not exist`);
  }
  return cidrOf(parent.first + index * 2 ** (32 - prefix), prefix);
}

/** How many `/prefix` blocks fit in `parent`. */
export function blockCount(parent: Cidr, prefix: number): number {
  return prefix < parent.prefix ? 0 : 2 ** (prefix - parent.prefix);
}

/** How many `/prefix` blocks fit in all of `parents` together. */
export function totalBlocks(parents: readonly Cidr[], prefix: number): number {
  return parents.reduce((n, c) => n + blockCount(c, prefix), 0);
}

/** RFC 1918 private ranges and the CGNAT shared range, the only ones EKS accepts for remote networks. */
export const REMOTE_NETWORK_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(cidr);

/** Whether a block lies inside RFC 1918 or 100.64.0.0/10. */
export function isPrivateOrCgnat(r: Ipv4Range): boolean {
  return REMOTE_NETWORK_RANGES.some((p) => contains(p, r));
}

/** A range with a label that says where it came from (a config key, a resource). */
export interface LabelledRange<L = string> extends Ipv4Range {
  /** Where the range came from, e.g. `onPrem.podCidrs[0]`. */
  readonly label: L;
  /** The text as written. */
  readonly text: string;
}

/** A pair of labelled ranges that share addresses. */
export interface Overlap<L = string> {
  readonly a: LabelledRange<L>;
  readonly b: LabelledRange<L>;
}

/**
 * Every overlapping pair, by sort and sweep: O(n log n + k) for k overlaps, instead of the
 * O(n²) pairwise check. Pairs come out with `a` starting no later than `b`.
 */
export function findOverlaps<L>(ranges: readonly LabelledRange<L>[]): Overlap<L>[] {
  const sorted = [...ranges].sort((x, y) => x.first - y.first || x.last - y.last);
  const out: Overlap<L>[] = [];
  // `active` holds the ranges that may still overlap later ones; ranges sorted by start mean a
  // range leaves once the sweep passes its end.
  const active: LabelledRange<L>[] = [];
  for (const r of sorted) {
    let kept = 0;
    for (const x of active) {
      if (x.last < r.first) continue;
      active[kept++] = x;
      out.push({ a: x, b: r });
    }
    active.length = kept;
    active.push(r);
  }
  return out;
}
