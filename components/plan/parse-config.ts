/**
 * Raw stack config → typed config, section by section, so that one broken section does not hide
 * the problems of the others. Shape problems (types, enums, unknown keys) come from the schema.
 */
import { z } from "zod";
import { StackConfig, stackConfigSchema } from "./config-schema";
import { Problem } from "./rules/problem";

/** The namespace of this program's config keys. */
export const CONFIG_NAMESPACE = "eks-hybrid-network";

/** A config path such as `nodes[1].ip`. */
export function keyOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Short rendering of a config value for a message. */
export function show(v: unknown): string {
  if (v === undefined) return "(missing)";
  if (typeof v === "string") return JSON.stringify(v);
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function issueToProblems(section: string, raw: unknown, issue: z.core.$ZodIssue): Problem[] {
  const path = [section, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({
      key: keyOf([...path, k]),
      value: show(valueAt(raw, [...issue.path, k])),
      rule: "is not a known key (a typo would be silently ignored, so it is an error); see the README config reference",
    }));
  }
  const value = valueAt(raw, issue.path);
  const rule = value === undefined && issue.code === "invalid_type" ? "is required" : issue.message.replace(/^Invalid input: /, "");
  return [{ key: keyOf(path), value: show(value), rule }];
}

/**
 * Parse raw config values (already JSON-decoded, keyed without namespace). Returns the typed
 * config when every section parsed, and the shape problems otherwise, plus the sections that did
 * parse so that the hybrid rules can still run on them.
 */
export function parseStackConfig(raw: Record<string, unknown>): {
  config?: StackConfig;
  partial: Partial<StackConfig>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const partial: Record<string, unknown> = {};
  const shape = stackConfigSchema.shape;
  for (const key of Object.keys(raw)) {
    if (!(key in shape)) {
      problems.push({
        key: `${CONFIG_NAMESPACE}:${key}`,
        value: show(raw[key]),
        rule: "is not a known config key; see the README config reference",
      });
    }
  }
  for (const [section, schema] of Object.entries(shape)) {
    const r = (schema as z.ZodType).safeParse(raw[section]);
    if (r.success) partial[section] = r.data;
    else for (const issue of r.error.issues) problems.push(...issueToProblems(section, raw[section], issue));
  }
  const ok = problems.length === 0;
  return { config: ok ? (partial as StackConfig) : undefined, partial: partial as Partial<StackConfig>, problems };
}
