/**
 * The overlap row of `npm run bench`: the plan's own path (parse every CIDR text, then
 * `checkNoOverlap`) against a minimal numeric baseline over the same texts.
 */
import { formatIpv4, parseCidr } from "../components/plan/cidr";
import { checkNoOverlap, NamedNetwork } from "../components/plan/rules/overlap";

/** A small seeded PRNG (mulberry32), so every run sees the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `count` CIDR texts with prefixes /16–/30 laid out mostly disjoint across 10.0.0.0/8 and
 * 100.64.0.0/10, with about 1 % planted overlaps at every depth: the same block again, a block
 * inside an earlier one, and a block around an earlier one. Shuffled.
 */
export function mixedCidrTexts(count: number, seed: number): string[] {
  const rnd = prng(seed);
  const out: { first: number; prefix: number }[] = [];
  let next = 0x0a000000; // 10.0.0.0
  for (let i = 0; i < count; i++) {
    const prefix = 16 + Math.floor(rnd() * 15);
    const size = 2 ** (32 - prefix);
    if (out.length && rnd() < 0.01) {
      const earlier = out[Math.floor(rnd() * out.length)];
      const kind = Math.floor(rnd() * 3);
      const p =
        kind === 0
          ? earlier.prefix
          : kind === 1
            ? Math.min(30, earlier.prefix + 1 + Math.floor(rnd() * 4))
            : Math.max(16, earlier.prefix - 1);
      const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
      out.push({ first: (earlier.first & mask) >>> 0, prefix: p });
      continue;
    }
    next = Math.ceil(next / size) * size + (rnd() < 0.5 ? size : 0);
    out.push({ first: next, prefix });
    next += size;
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.map((c) => `${formatIpv4(c.first)}/${c.prefix}`);
}

/** The plan's path: parse each text (`parseCidr`), then `checkNoOverlap`. Returns the pairs found. */
export function planOverlapCheck(texts: readonly string[]): number {
  const networks: NamedNetwork[] = [];
  texts.forEach((t, i) => {
    const p = parseCidr(t);
    if (!p.ok) throw new Error(`${t} ${p.reason}`);
    networks.push({ key: `cidrs[${i}]`, role: "bench", cidr: p.value });
  });
  return checkNoOverlap(networks).length;
}

/** The baseline: split-and-Number parsing, sort by start, sweep; counts overlapping pairs. */
export function numericOverlapBaseline(texts: readonly string[]): number {
  const n = texts.length;
  const first = new Float64Array(n);
  const last = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [addr, len] = texts[i].split("/");
    const o = addr.split(".");
    first[i] = ((+o[0] << 24) | (+o[1] << 16) | (+o[2] << 8) | +o[3]) >>> 0;
    last[i] = first[i] + 2 ** (32 - +len) - 1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => first[x] - first[y] || last[x] - last[y]);
  let pairs = 0;
  const active: number[] = [];
  for (const i of order) {
    let w = 0;
    for (const j of active) if (last[j] >= first[i]) active[w++] = j;
    active.length = w;
    pairs += w;
    active.push(i);
  }
  return pairs;
}
