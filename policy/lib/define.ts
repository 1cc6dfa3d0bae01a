/**
 * Policy definitions with the plumbing in one place: plain properties (unknowns skipped), one
 * stack index per call, messages `name (type): key: value rule; fix: …`, reported without the
 * policy description (the CLI prints that once per policy), `mandatory` unless configured lower.
 */
import type { PolicyConfigSchema, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Problem } from "../../components/plan/rules";
import { plain } from "./props";
import { StackIndex } from "./stack-index";
import { message, Plain, Res } from "./stack";

/** A problem found on one resource of the stack, with the fix when it is not the policy's usual one. */
export interface Finding {
  readonly res: { name: string; type: string; urn: string };
  readonly problem: Problem;
  readonly fix?: string;
}

/** What a policy reads and checks, for the README (generated) and the pack's tests. */
export interface PolicyMeta {
  /** Resource types the policy reads. */
  readonly reads: readonly string[];
  /** What it checks, one sentence per rule. */
  readonly checks: readonly string[];
}

interface Common<C> {
  readonly name: string;
  readonly description: string;
  /** Parameters (JSON schema properties with defaults). */
  readonly config?: PolicyConfigSchema["properties"];
  /** The usual fix, appended to every finding that has none of its own. */
  readonly fix: string;
  readonly meta: PolicyMeta;
  /** Typed view of the config (the engine fills defaults in). */
  readonly _config?: C;
}

/** Schema defaults under the given config (the CLI fills them in; a bare analyzer may not). */
function withDefaults<C>(schema: PolicyConfigSchema["properties"] | undefined, given: object | undefined): C {
  const defaults = Object.entries(schema ?? {}).flatMap(([k, s]) =>
    typeof s === "object" && s.default !== undefined ? [[k, s.default]] : [],
  );
  return { ...Object.fromEntries(defaults), ...(given ?? {}) } as C;
}

/** Report as a violation object: its message is ours alone, not prefixed with the description. */
function reportFinding(report: ReportViolation, r: { name: string; type: string; urn: string }, p: Problem, fix: string): void {
  (report as unknown as (v: { message: string; urn: string }) => void)({ message: `${message(r, p)}; fix: ${fix}`, urn: r.urn });
}

/** A policy with its README metadata. */
export type WithMeta<P> = P & { readonly meta: PolicyMeta };

export function resourcePolicy<C extends object = object>(
  def: Common<C> & {
    readonly types: readonly string[];
    check(r: Plain, config: C, notApplicable: (reason: string) => never): (Problem & { fix?: string })[];
  },
): WithMeta<ResourceValidationPolicy> {
  return {
    name: def.name,
    description: def.description,
    enforcementLevel: "mandatory",
    meta: def.meta,
    ...(def.config ? { configSchema: { properties: def.config } } : {}),
    validateResource: (args, report) => {
      if (!def.types.includes(args.type)) return;
      const r: Plain = { type: args.type, name: args.name, urn: args.urn, props: args.props, p: plain(args.props) };
      for (const p of def.check(r, withDefaults<C>(def.config, args.getConfig<C>()), (reason) => args.notApplicable(reason)))
        reportFinding(report, r, p, p.fix ?? def.fix);
    },
  };
}

export function stackPolicy<C extends object = object>(
  def: Common<C> & { check(ix: StackIndex, config: C, notApplicable: (reason: string) => never): Finding[] },
): WithMeta<StackValidationPolicy> {
  return {
    name: def.name,
    description: def.description,
    enforcementLevel: "mandatory",
    meta: def.meta,
    ...(def.config ? { configSchema: { properties: def.config } } : {}),
    validateStack: (args, report) => {
      const ix = new StackIndex(args.resources as unknown as Res[]);
      for (const f of def.check(ix, withDefaults<C>(def.config, args.getConfig<C>()), (reason) => args.notApplicable(reason)))
        reportFinding(report, f.res, f.problem, f.fix ?? def.fix);
    },
  };
}
