/**
 * The README's config reference, generated from the schema's JSON Schema form so that the two
 * cannot disagree (a test compares them).
 */
import { z } from "zod";
import { stackConfigSchema } from "./config-schema";
import { CONFIG_NAMESPACE } from "./parse-config";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
};

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((e) => `\`${String(e)}\``).join(" \\| ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return "map of string";
  return String(s.type ?? "any");
}

function rows(s: JsonSchema, path: string, required: boolean, out: string[]): void {
  const isObject = s.type === "object" && s.properties;
  const isObjectArray = s.type === "array" && s.items?.type === "object" && s.items.properties;
  const def = s.default === undefined ? (required ? "required" : "—") : `\`${JSON.stringify(s.default)}\``;
  out.push(
    `| \`${path}\` | ${isObject ? "object" : isObjectArray ? "list of objects" : typeOf(s)} | ${def} | ${(s.description ?? "").replace(/\|/g, "\\|")} |`,
  );
  if (isObject) for (const [k, v] of Object.entries(s.properties!)) rows(v, `${path}.${k}`, (s.required ?? []).includes(k), out);
  if (isObjectArray)
    for (const [k, v] of Object.entries(s.items!.properties!)) rows(v, `${path}[].${k}`, (s.items!.required ?? []).includes(k), out);
}

/** Markdown table of every config key, its type, default and meaning. */
export function renderConfigReference(): string {
  const root = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const out = ["| key | type | default | meaning |", "|---|---|---|---|"];
  for (const [k, v] of Object.entries(root.properties ?? {})) {
    rows(v, k === "region" ? "aws:region" : `${CONFIG_NAMESPACE}:${k}`, (root.required ?? []).includes(k), out);
  }
  return out.join("\n") + "\n";
}
