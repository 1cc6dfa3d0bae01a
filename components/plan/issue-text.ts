/**
 * Validator issues in the project's words: "must be at most 30", "is not one of `l2`, `bgp`",
 * "is required", never zod's "Too big: expected number to be <=30".
 */
import { z } from "zod";
import { shorten } from "./rules/problem";

/**
 * A config value for a message: strings as written, quoted with escapes when they are empty or
 * hold spaces or invisible characters (so `" 10.0.0.0/16"` shows its space); other values as
 * JSON; long values shortened.
 */
export function show(v: unknown): string {
  if (v === undefined) return "(missing)";
  if (typeof v === "string") return shorten(/^[\x21-\x7e]+$/.test(v) ? v : JSON.stringify(v));
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return shorten(JSON.stringify(v) ?? String(v));
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "number") return Number.isInteger(v) ? "a whole number" : "a number";
  if (typeof v === "boolean") return "true/false";
  return `a ${typeof v}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys",
  record: "a map of keys",
};

const DEFAULT_MESSAGE = /^(Too (big|small)|Invalid|Expected|Unrecognized)/;

/** The rule an issue states, completing "<value> …". */
export function issueRule(issue: z.core.$ZodIssue, value: unknown, key: string): string {
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return "is required";
      const want = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.expected === "string" && typeof value === "number" && (!Number.isInteger(value) || /version$/i.test(key))) {
        const example = key.endsWith("kubernetesVersion") ? `${key.split(".").pop()}: "1.30"` : `"${value}"`;
        return `is ${kindOf(value)}, expected text: YAML reads an unquoted 1.30 as the number 1.3, so quote it (${example})`;
      }
      if (issue.expected === "int" || (issue.expected === "number" && typeof value === "number"))
        return `is ${kindOf(value)}; expected a whole number`;
      return `is ${kindOf(value)}; expected ${want}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array" || issue.origin === "set") return `has more than ${max} entr${max === 1 ? "y" : "ies"}`;
      if (issue.origin === "string") return `is longer than ${max} characters`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array" || issue.origin === "set")
        return min === 1 ? "is empty; list at least one entry" : `has fewer than ${min} entries`;
      if (issue.origin === "string") return min === 1 ? "is empty" : `is shorter than ${min} characters`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case "invalid_value":
      return `is not one of ${issue.values.map((v) => `\`${String(v)}\``).join(", ")}`;
    case "invalid_format":
      return `is not a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message.replace(/^Invalid input: /, "is invalid: ");
  }
}
