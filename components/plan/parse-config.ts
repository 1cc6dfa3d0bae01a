/**
 * Raw stack config → typed config, field by field: a wrong type or value in one field is
 * reported and leaves only that field out of the partial config, so the rules still run on every
 * field next to it and every independent problem is reported in one run.
 */
import { z } from "zod";
import { StackConfig, stackConfigSchema } from "./config-schema";
import { issueRule, show } from "./issue-text";
import { Problem } from "./rules/problem";

export { show } from "./issue-text";

/** The namespace of this program's config keys. */
export const CONFIG_NAMESPACE = "eks-hybrid-network";

/** A config path such as `nodes[1].ip`. */
export function keyOf(path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === "region") return "aws:region"; // as the user writes it
  return path.reduce<string>((acc, p) => {
    if (typeof p === "number") return `${acc}[${p}]`;
    const name = String(p);
    if (!/^[\x21-\x7e]+$/.test(name)) return `${acc}[${JSON.stringify(name)}]`; // a key with spaces or invisible characters
    return acc ? `${acc}.${name}` : name;
  }, "");
}

/** A config where any field may be missing: the fields that parsed (a list keeps its indices). */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? (DeepPartial<U> | undefined)[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** The stack config as far as it parsed. */
export type PartialConfig = DeepPartial<StackConfig>;

const UNKNOWN_KEY = "is not a known key (a typo would be silently ignored, so it is an error); see the README config reference";

type Parsed = { readonly ok: boolean; readonly value: unknown };

function issuesToProblems(path: readonly PropertyKey[], value: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const at = [...path, ...issue.path];
    const v = issue.path.reduce<unknown>(
      (o, p) => (o && typeof o === "object" ? (o as Record<PropertyKey, unknown>)[p] : undefined),
      value,
    );
    return { key: keyOf(at), value: show(v), rule: issueRule(issue, v, keyOf(at)) };
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Parse `value` against `schema`, recursing into objects and lists so that problems stay per field. */
function parseField(schema: z.ZodType, value: unknown, path: readonly PropertyKey[], problems: Problem[]): Parsed {
  if (schema instanceof z.ZodDefault) {
    if (value === undefined) return { ok: true, value: schema.parse(undefined) };
    return parseField(schema.unwrap() as z.ZodType, value, path, problems);
  }
  if (schema instanceof z.ZodOptional) {
    if (value === undefined) return { ok: true, value: undefined };
    return parseField(schema.unwrap() as z.ZodType, value, path, problems);
  }
  if (schema instanceof z.ZodObject && isPlainObject(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const k of Object.keys(value)) {
      if (!(k in shape)) {
        problems.push({ key: keyOf([...path, k]), value: show(value[k]), rule: UNKNOWN_KEY });
        ok = false;
      }
    }
    for (const [k, fieldSchema] of Object.entries(shape)) {
      const r = parseField(fieldSchema, value[k], [...path, k], problems);
      ok &&= r.ok;
      if (r.value !== undefined) out[k] = r.value;
    }
    return { ok, value: out };
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    // The list's own checks (length) apply to the list; each element is parsed on its own.
    const whole = schema.safeParse(value);
    const own = whole.success ? [] : whole.error.issues.filter((i) => i.path.length === 0);
    problems.push(...issuesToProblems(path, value, own));
    let ok = own.length === 0;
    const out = value.map((item, i) => {
      const r = parseField(schema.element as z.ZodType, item, [...path, i], problems);
      ok &&= r.ok;
      return r.value;
    });
    return { ok, value: out };
  }
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  problems.push(...issuesToProblems(path, value, r.error.issues));
  return { ok: false, value: undefined };
}

/**
 * Parse raw config values (already JSON-decoded, keyed without namespace). Returns the typed
 * config when every field parsed, the shape problems otherwise, and always the fields that did
 * parse so that the hybrid rules can still run on them.
 */
export function parseStackConfig(raw: Record<string, unknown>): {
  config?: StackConfig;
  partial: PartialConfig;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  // Through `unknown`: asserting the inferred shape straight to a record makes tsc compare the
  // whole config type field by field (about 2 s of every type check).
  const shape = stackConfigSchema.shape as unknown as Record<string, z.ZodType>;
  for (const key of Object.keys(raw)) {
    if (key.includes(":")) {
      problems.push({
        key: `${CONFIG_NAMESPACE}:${key}`,
        value: show(raw[key]),
        rule: `is a malformed config key (namespace:name has one colon; the Pulumi CLI refuses it): nest the value under ${CONFIG_NAMESPACE}:${key.split(":")[0]} instead`,
      });
    } else if (!(key in shape)) {
      problems.push({
        key: `${CONFIG_NAMESPACE}:${key}`,
        value: show(raw[key]),
        rule: "is not a known config key; see the README config reference",
      });
    }
  }
  const partial: Record<string, unknown> = {};
  for (const [section, schema] of Object.entries(shape)) {
    const r = parseField(schema, raw[section], [section], problems);
    if (r.value !== undefined) partial[section] = r.value;
  }
  if (problems.length) return { partial: partial as PartialConfig, problems };
  // Every field parsed; the whole parse gives the exact typed config (and catches anything the walk missed).
  const whole = stackConfigSchema.safeParse(raw);
  if (!whole.success) return { partial: partial as PartialConfig, problems: issuesToProblems([], raw, whole.error.issues) };
  return { config: whole.data, partial: whole.data as PartialConfig, problems };
}
