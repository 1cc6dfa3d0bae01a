/**
 * One stack's resources, indexed once per policy call: by type (without copying anything) and
 * by URN, with properties turned into plain data lazily, only for the resources a policy reads.
 * The engine hands every stack policy its own freshly deserialised resources, so copying all of
 * them up front in every policy (the old `plainAll`) was the pack's main cost on large stacks.
 */
import { plain } from "./props";
import type { Plain, Res } from "./stack";

export class StackIndex {
  private readonly byType = new Map<string, Res[]>();
  private readonly plains = new Map<Res, Plain>();
  private readonly byUrn = new Map<string, Res>();

  /** @param resources the stack's resources as the engine (or the harness) gives them. */
  constructor(readonly resources: readonly Res[]) {
    for (const r of resources) {
      const list = this.byType.get(r.type);
      if (list) list.push(r);
      else this.byType.set(r.type, [r]);
      this.byUrn.set(r.urn, r);
    }
  }

  /** The resource with its properties as plain data (unknowns as UNKNOWN), converted once. */
  plain(r: Res): Plain {
    let p = this.plains.get(r);
    if (!p) {
      p = { ...r, p: plain(r.props) };
      this.plains.set(r, p);
    }
    return p;
  }

  /** Every resource of the given types, as plain data, in stack order per type. */
  of(...types: readonly string[]): Plain[] {
    return types.flatMap((t) => (this.byType.get(t) ?? []).map((r) => this.plain(r)));
  }

  /** Whether the stack has any resource of the given types (no conversion). */
  has(...types: readonly string[]): boolean {
    return types.some((t) => (this.byType.get(t)?.length ?? 0) > 0);
  }

  /** The resources of the given types that top-level property `key` of `r` depends on. */
  deps(r: Res, key: string, types: readonly string[]): Plain[] {
    const list = r.propertyDependencies?.[key] ?? [];
    return list.flatMap((d) => {
      const urn = (d as unknown as { urn?: string }).urn;
      const res = (urn !== undefined ? this.byUrn.get(urn) : undefined) ?? (d as unknown as Res);
      return types.includes(res.type) ? [this.plain(res)] : [];
    });
  }

  /**
   * The resources of the given types a reference points at: the ones property `key` depends on,
   * plus those whose known `id` or `arn` output equals `value` (set after the first update).
   */
  refs(r: Res, key: string, value: unknown, types: readonly string[]): Plain[] {
    const out = new Set(this.deps(r, key, types));
    if (typeof value === "string" && value !== "") for (const x of this.byId(types).get(value) ?? []) out.add(x);
    return [...out];
  }

  private readonly ids = new Map<string, Map<string, Plain[]>>();

  /** Resources of the given types by their known `id` and `arn` (built once per type list). */
  private byId(types: readonly string[]): Map<string, Plain[]> {
    const k = types.join(",");
    let m = this.ids.get(k);
    if (!m) {
      m = new Map();
      for (const x of this.of(...types))
        for (const v of [x.p.id, x.p.arn]) if (typeof v === "string" && v) m.set(v, [...(m.get(v) ?? []), x]);
      this.ids.set(k, m);
    }
    return m;
  }
}
