/**
 * The corpus' shape: stacks as other teams write them, each run as an update (every value known)
 * and as a first preview (ids and computed values unknown), with the faults planted in them.
 */
import type { RecordedResource } from "../../policy/harness";
import { recordDependencies } from "../../policy/harness";

/** A fault planted in a corpus stack: the policy that must report it and its message. */
export interface Fault {
  readonly policy: string;
  readonly match: RegExp;
  /** False when the faulty value is computed, so unknown in a first preview. @default true */
  readonly preview?: boolean;
}

export interface CorpusStack {
  readonly name: string;
  /** Whether it holds a hybrid cluster (the unknown sweep runs on these). */
  readonly hybrid: boolean;
  /** The update: every value known; ids follow the mocks' `<name>-id` scheme. */
  readonly resources: RecordedResource[];
  /** `[resource name, top-level property]` computed from other resources' outputs (unknown in a first preview). */
  readonly computed?: readonly (readonly [string, string])[];
  readonly faults: readonly Fault[];
}

export const res = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({
  type,
  name,
  inputs,
  custom: true,
});

export const trust = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The update, with property dependencies recorded (the engine knows them in preview too). */
export function update(s: CorpusStack): RecordedResource[] {
  return recordDependencies(s.resources);
}

/** The first preview: every reference to another resource's id, and every computed property, unknown. */
export function firstPreview(s: CorpusStack): RecordedResource[] {
  const ids = new Set(s.resources.map((r) => `${r.name}-id`));
  const hide = (v: unknown): unknown => {
    if (typeof v === "string") return ids.has(v) ? "<unknown>" : v;
    if (Array.isArray(v)) return v.map(hide);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hide(x)]));
    return v;
  };
  return update(s).map((r) => {
    const inputs = hide(r.inputs) as Record<string, unknown>;
    for (const [name, key] of s.computed ?? []) if (name === r.name) inputs[key] = "<unknown>";
    return { ...r, inputs };
  });
}

/** A deep copy of a stack with `change` applied to one resource's inputs (for planting faults). */
export function plant(base: () => RecordedResource[], name: string, change: (inputs: any) => void): RecordedResource[] {
  const copy = JSON.parse(JSON.stringify(base())) as RecordedResource[];
  const r = copy.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  change(r.inputs);
  return copy;
}
