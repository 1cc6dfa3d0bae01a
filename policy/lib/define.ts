/**
 * Policy definitions with the plumbing in one place: plain properties (unknowns skipped),
 * `name (type): key: value rule` messages, and `mandatory` unless the pack's config says otherwise.
 */
import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Problem } from "../../components/plan/rules";
import { plain } from "./props";
import { message, Plain, plainAll, Res } from "./stack";

/** A problem found on one resource of the stack. */
export interface Finding {
  readonly res: { name: string; type: string; urn: string };
  readonly problem: Problem;
}

interface Common<C> {
  readonly name: string;
  readonly description: string;
  /** Parameters (JSON schema properties with defaults). */
  readonly config?: PolicyConfigSchema["properties"];
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

export function resourcePolicy<C extends object = object>(
  def: Common<C> & { readonly types: readonly string[]; check(r: Plain, config: C, notApplicable: (reason: string) => never): Problem[] },
): ResourceValidationPolicy {
  return {
    name: def.name,
    description: def.description,
    enforcementLevel: "mandatory",
    ...(def.config ? { configSchema: { properties: def.config } } : {}),
    validateResource: (args, report) => {
      if (!def.types.includes(args.type)) return;
      const r: Plain = { type: args.type, name: args.name, urn: args.urn, props: args.props, p: plain(args.props) };
      for (const p of def.check(r, withDefaults<C>(def.config, args.getConfig<C>()), (reason) => args.notApplicable(reason)))
        report(message(r, p));
    },
  };
}

export function stackPolicy<C extends object = object>(
  def: Common<C> & { check(resources: Plain[], config: C, notApplicable: (reason: string) => never): Finding[] },
): StackValidationPolicy {
  return {
    name: def.name,
    description: def.description,
    enforcementLevel: "mandatory",
    ...(def.config ? { configSchema: { properties: def.config } } : {}),
    validateStack: (args, report) => {
      const resources = plainAll(args.resources as unknown as Res[]);
      for (const f of def.check(resources, withDefaults<C>(def.config, args.getConfig<C>()), (reason) => args.notApplicable(reason)))
        report(message(f.res, f.problem), f.res.urn);
    },
  };
}
