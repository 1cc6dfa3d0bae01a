/**
 * A problem found in a stack config or a resource: where (the config key or property path),
 * what was given, and the rule it breaks. Every check returns all of its problems at once.
 */
export interface Problem {
  /** Config key or property path, e.g. `onPrem.podCidrs[0]`. */
  readonly key: string;
  /** The offending value as written (or a short rendering of it). */
  readonly value: string;
  /** The rule, phrased to complete "<value> …", e.g. `is public (not RFC 1918 or 100.64.0.0/10)`. */
  readonly rule: string;
  /** `warning`s are reported but do not stop the plan. @default "error" */
  readonly severity?: "error" | "warning";
}

/** One line: `key: value rule` (a long value shortened, so that the rule stays readable). */
export function formatProblem(p: Problem): string {
  return `${p.key}: ${shorten(p.value, 100)} ${p.rule}`;
}

/** Only the problems that stop a plan. */
export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => (p.severity ?? "error") === "error");
}

/** Thrown when a stack config breaks rules; its message lists every problem, one per line. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `the stack config has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

/** A value that a rule reads, with the key it came from. */
export interface Keyed<T = string> {
  /** Config key or property path the value came from. */
  readonly key: string;
  /** The value. */
  readonly value: T;
}

/** Values longer than this are shortened in messages. */
export const MAX_SHOWN = 60;

/** Shorten a long rendering, saying how long the whole was. */
export function shorten(text: string, max = MAX_SHOWN): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}… (${chars.length} characters)`;
}
