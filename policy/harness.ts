/**
 * Runs the pack's policies without the Pulumi engine, on registrations recorded under mocks
 * (`plan-runner/mocks.ts`): each policy's `validateResource` on every resource and
 * `validateStack` on all of them, with args shaped like the engine's (`ResourceValidationArgs`,
 * `StackValidationArgs`; properties behind the same unknown-checking proxy), and collects the
 * violations into a report (`out/STACK/policy-report.json`).
 */
import type { EnforcementLevel, Policies, PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { PACK_NAME, policies as packPolicies } from "./policies";

/** A registration as the mock recorder writes it (`resources.json`). */
export interface RecordedResource {
  type: string;
  name: string;
  /** Parent's `type::name`. */
  parent?: string;
  inputs: Record<string, unknown>;
  custom?: boolean;
  /**
   * Property dependencies as `type::name` keys, by top-level property. Default: found from the
   * mocks' `<name>-id` ids in the inputs (a first preview's unknowns hide them, so the corpus
   * records them from the update).
   */
  propertyDependencies?: Record<string, string[]>;
}

export interface Violation {
  message: string;
  urn?: string;
}

export interface PolicyResult {
  policy: string;
  kind: "resource" | "stack";
  enforcementLevel: EnforcementLevel;
  status: "passed" | "failed" | "not-applicable" | "disabled";
  violations: Violation[];
  /** Why the policy did not apply (stack policies, or every resource it looked at). */
  notApplicable?: string[];
}

export interface PolicyReport {
  pack: string;
  stack: string;
  resources: number;
  /** Policies with violations at `mandatory` level. */
  mandatoryFailures: number;
  results: PolicyResult[];
}

/** Per-policy config as a policy group gives it: a level, or an object with a level and parameters. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

class NotApplicable extends Error {}

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The mock recorder prints unknowns as `<unknown>`; the engine sends sentinels. */
function engineProps(v: unknown): any {
  if (v === "<unknown>") return UNKNOWN_STRING;
  if (Array.isArray(v)) return v.map(engineProps);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, engineProps(x)]));
  return v;
}

function urnsOf(regs: readonly RecordedResource[], stack: string, project: string): string[] {
  const byKey = new Map(regs.map((r) => [`${r.type}::${r.name}`, r]));
  const chain = (r: RecordedResource): string[] => {
    const parent = r.parent ? byKey.get(r.parent) : undefined;
    return parent && parent.type !== "pulumi:pulumi:Stack" ? [...chain(parent), r.type] : [r.type];
  };
  return regs.map((r) => `urn:pulumi:${stack}::${project}::${chain(r).join("$")}::${r.name}`);
}

/** PolicyResources with parents and property dependencies (from the mocks' `<name>-id` ids). */
function policyResources(regs: readonly RecordedResource[], stack: string, project: string): PolicyResource[] {
  const urns = urnsOf(regs, stack, project);
  const isType = (type: string) => (cls: { new (...a: any[]): any }) => (cls as unknown as { __pulumiType?: string }).__pulumiType === type;
  const out: PolicyResource[] = regs.map((r, i) => {
    const props = unknownCheckingProxy(engineProps(r.inputs)) as Record<string, any>;
    return {
      type: r.type,
      name: r.name,
      urn: urns[i],
      props,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType: isType(r.type),
      asType: ((cls: { new (...a: any[]): any }) => (isType(r.type)(cls) ? props : undefined)) as PolicyResource["asType"],
    };
  });
  // The mocks' ids are `<name>-id`; names repeat across types, so an id may name several resources
  // (the policies pick the type they expect, as they do with the engine's property dependencies).
  const byId = new Map<string, PolicyResource[]>();
  regs.forEach((r, i) => byId.set(`${r.name}-id`, [...(byId.get(`${r.name}-id`) ?? []), out[i]]));
  const byKey = new Map(regs.map((r, i) => [`${r.type}::${r.name}`, out[i]]));
  regs.forEach((r, i) => {
    const res = out[i] as { parent?: PolicyResource; opts: { parent?: string } };
    const parent = r.parent ? byKey.get(r.parent) : undefined;
    if (parent) [res.parent, res.opts.parent] = [parent, parent.urn];
    const given = r.propertyDependencies;
    for (const [k, v] of given ? Object.entries(given) : Object.entries(r.inputs)) {
      const deps = given
        ? (v as string[]).flatMap((key) => byKey.get(key) ?? [])
        : [...new Set(idsIn(v).flatMap((id) => byId.get(id) ?? []))].filter((d) => d !== out[i]);
      if (deps.length) {
        out[i].propertyDependencies[k] = deps;
        out[i].dependencies.push(...deps);
      }
    }
  });
  return out;
}

/** Every string inside a value (ids referenced anywhere in a property). */
function idsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(idsIn);
  if (v && typeof v === "object") return Object.values(v).flatMap(idsIn);
  return [];
}

/** Custom registrations as the engine hands them to policies (`PolicyResource`s with dependencies). */
export function engineView(regs: readonly RecordedResource[], stack = "stack", project = "project"): PolicyResource[] {
  return policyResources(
    regs.filter((r) => r.custom !== false),
    stack,
    project,
  );
}

/**
 * Registrations as the engine would send them: URNs, properties with the engine's unknown
 * sentinels, and property dependencies as URNs (for driving the pack over the analyzer protocol).
 */
export function engineResources(
  regs: readonly RecordedResource[],
  stack = "stack",
  project = "project",
): { type: string; name: string; urn: string; properties: Record<string, unknown>; propertyDependencies: Record<string, string[]> }[] {
  const custom = regs.filter((r) => r.custom !== false);
  return policyResources(custom, stack, project).map((r, i) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    properties: engineProps(custom[i].inputs),
    propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, ds]) => [k, ds.map((d) => d.urn)])),
  }));
}

/** Registrations with their `type::name` property dependencies recorded (from their `<name>-id` references). */
export function recordDependencies(regs: readonly RecordedResource[]): RecordedResource[] {
  const res = policyResources(regs, "stack", "project");
  const keyOf = new Map(res.map((r, i) => [r, `${regs[i].type}::${regs[i].name}`]));
  return regs.map((r, i) => ({
    ...r,
    propertyDependencies: Object.fromEntries(
      Object.entries(res[i].propertyDependencies).map(([k, ds]) => [k, ds.map((d) => keyOf.get(d)!)]),
    ),
  }));
}

function configFor(policy: Policies[number], config: PackConfig): { level: EnforcementLevel; params: Record<string, unknown> } {
  const given = config[policy.name] ?? config.all;
  const obj = typeof given === "object" ? given : {};
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {}).flatMap(([k, s]) =>
      typeof s === "object" && s.default !== undefined ? [[k, s.default]] : [],
    ),
  );
  const level = (typeof given === "string" ? given : obj.enforcementLevel) ?? policy.enforcementLevel ?? "mandatory";
  const params = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== "enforcementLevel"));
  return { level, params: { ...defaults, ...params } };
}

/** A report callback that takes a message (the API's type) or a violation object (what the pack reports). */
function collect(result: PolicyResult, defaultUrn?: string): (message: string, urn?: string) => void {
  return (m: string | { message: string; urn?: string }, urn?: string) => {
    if (typeof m === "object") result.violations.push({ message: m.message, urn: m.urn ?? defaultUrn });
    else result.violations.push({ message: m, urn: urn ?? defaultUrn });
  };
}

/** Run every policy (or `only` these) on recorded registrations. */
export async function runPolicies(
  regs: readonly RecordedResource[],
  opts: {
    stack?: string;
    project?: string;
    config?: PackConfig;
    policies?: Policies;
    /** The registrations already built as the engine hands them (`engineView`), e.g. to time the policies alone. */
    prepared?: PolicyResource[];
  } = {},
): Promise<PolicyReport> {
  const stack = opts.stack ?? "stack";
  const custom = regs.filter((r) => r.custom !== false);
  const resources = opts.prepared ?? policyResources(custom, stack, opts.project ?? "project");
  const stackTags = new Map<string, string>();
  const results: PolicyResult[] = [];
  for (const policy of opts.policies ?? packPolicies) {
    const { level, params } = configFor(policy, opts.config ?? {});
    const kind = "validateStack" in policy ? "stack" : "resource";
    const result: PolicyResult = { policy: policy.name, kind, enforcementLevel: level, status: "passed", violations: [] };
    results.push(result);
    if (level === "disabled") {
      result.status = "disabled";
      continue;
    }
    const reasons = new Set<string>();
    const notApplicable = (reason?: string): never => {
      throw new NotApplicable(reason ?? "not applicable");
    };
    const run = async (fn: () => Promise<void> | void) => {
      try {
        await fn();
      } catch (e) {
        if (e instanceof NotApplicable) reasons.add(e.message);
        else throw e;
      }
    };
    if ("validateStack" in policy) {
      const args: StackValidationArgs = { resources, stackTags, getConfig: <T extends object>() => params as T, notApplicable };
      await run(() => policy.validateStack(args, collect(result)));
      if (reasons.size) result.status = "not-applicable";
    } else {
      const validations = [policy.validateResource ?? []].flat();
      for (const r of resources) {
        const { type, props, urn, name, opts: resOpts, isType } = r;
        const args: ResourceValidationArgs = {
          type,
          props,
          urn,
          name,
          opts: resOpts,
          isType,
          asType: r.asType as ResourceValidationArgs["asType"],
          stackTags,
          getConfig: <T extends object>() => params as T,
          notApplicable,
        };
        for (const v of validations) await run(() => v(args, collect(result, r.urn)));
      }
    }
    if (reasons.size) result.notApplicable = [...reasons];
    if (result.violations.length) result.status = "failed";
  }
  const mandatoryFailures = results.filter((r) => r.status === "failed" && r.enforcementLevel === "mandatory").length;
  return { pack: PACK_NAME, stack, resources: custom.length, mandatoryFailures, results };
}

/** One line per violation: `[policy] message`. */
export function formatViolations(report: PolicyReport): string[] {
  return report.results.flatMap((r) => r.violations.map((v) => `[${r.policy}] ${v.message}`));
}
