/**
 * One validation rule of the stack config: a small named function from the (partial) config to
 * problems, with the document it comes from and the config keys it reads. The registry
 * (`registry.ts`) lists every rule; the README's rule list is generated from it.
 */
import { Cidr, parseCidr, parseIpv4 } from "../cidr";
import { PartialConfig } from "../parse-config";
import { Keyed, Problem } from "../rules/problem";

/** What a rule may use besides the config. */
export interface RuleContext {
  /** The current time (injected, so that date rules are testable). */
  readonly now: Date;
  /** Facts derived once from the config (parsed networks and addresses). */
  readonly derived: Derived;
}

/** A validation rule of the stack config. */
export interface ConfigRule {
  /** Stable kebab-case id, e.g. `remote-cidrs-private`. */
  readonly id: string;
  /** One line: what the rule demands (for the README). */
  readonly summary: string;
  /** Where the rule comes from: a documentation URL (or the repository path of an upstream source). */
  readonly source: string;
  /** The config keys it reads, e.g. `onPrem.podCidrs`, `nodes[].ip`. */
  readonly reads: readonly string[];
  /** Every problem the rule finds; fields that failed to parse are absent and skipped. */
  check(c: PartialConfig, ctx: RuleContext): Problem[];
}

/** A network that parsed, with its key. */
export interface KeyedCidr {
  readonly key: string;
  readonly cidr: Cidr;
}

/** Facts several rules need, derived once and silently (the rule that owns a field reports it). */
export interface Derived {
  readonly nodeCidrs: readonly KeyedCidr[];
  readonly podCidrs: readonly KeyedCidr[];
  /** Node IPs that parsed, by node name (first node of a name wins). */
  readonly nodeIps: ReadonlyMap<string, number>;
  /** The router's address, when it parsed. */
  readonly routerIp?: number;
}

/** The defined entries of a list, keyed with their original indices. */
export function keyedList<T>(list: readonly (T | undefined)[] | undefined, key: string): Keyed<T>[] {
  return (list ?? []).flatMap((value, i) => (value === undefined ? [] : [{ key: `${key}[${i}]`, value }]));
}

function parsedCidrs(list: readonly (string | undefined)[] | undefined, key: string): KeyedCidr[] {
  return keyedList(list, key).flatMap(({ key: k, value }) => {
    const p = parseCidr(value);
    return p.ok ? [{ key: k, cidr: p.value }] : [];
  });
}

/** Derive the shared facts from a partial config. */
export function derive(c: PartialConfig): Derived {
  const nodeIps = new Map<string, number>();
  for (const n of c.nodes ?? []) {
    if (!n?.name || n.ip === undefined) continue;
    const p = parseIpv4(n.ip);
    if (p.ok && !nodeIps.has(n.name)) nodeIps.set(n.name, p.value);
  }
  const router = c.router?.address === undefined ? undefined : parseIpv4(c.router.address);
  return {
    nodeCidrs: parsedCidrs(c.onPrem?.nodeCidrs, "onPrem.nodeCidrs"),
    podCidrs: parsedCidrs(c.onPrem?.podCidrs, "onPrem.podCidrs"),
    nodeIps,
    routerIp: router?.ok ? router.value : undefined,
  };
}
