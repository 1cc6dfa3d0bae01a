/**
 * Reading resource properties the way every policy needs: as plain data, with values that are
 * unknown during preview turned into {@link UNKNOWN} so that checks skip them instead of failing.
 *
 * The engine hands policies a proxy that throws on unknown values; we read its target instead.
 * The sentinels are the Pulumi engine's unknown markers (`@pulumi/policy` `proxy.js`); the
 * `<unknown>` text is how the mock recorder (`plan-runner/mocks.ts`) prints them.
 */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export const SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also Pulumi's runtime.unknownValue)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
  "<unknown>",
]);

/** Deep copy of resource properties with unknowns as {@link UNKNOWN}. */
export function plain(props: unknown): any {
  const target = props && typeof props === "object" ? ((props as Record<string, unknown>)["__getSpecialProxyTarget"] ?? props) : props;
  if (typeof target === "string") return SENTINELS.has(target) ? UNKNOWN : target;
  if (Array.isArray(target)) return target.map(plain);
  if (target && typeof target === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(target)) out[k] = plain((target as Record<string, unknown>)[k]);
    return out;
  }
  return target;
}

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

/** A string property: its text, `undefined` when unset, {@link UNKNOWN} when unknown. */
export function str(v: unknown): string | undefined | Unknown {
  if (v === UNKNOWN) return UNKNOWN;
  return v === undefined || v === null ? undefined : String(v);
}

/** A number property (strings of digits accepted, as some providers send them). */
export function num(v: unknown): number | undefined | Unknown {
  if (v === UNKNOWN) return UNKNOWN;
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A list property as `[index, element]` pairs of known elements; unknown elements and lists are skipped. */
export function known<T = unknown>(v: unknown): { index: number; value: T }[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x, index) => (x === UNKNOWN || x === undefined || x === null ? [] : [{ index, value: x as T }]));
}

/** A single nested block or a one-element list of it (Terraform-bridged `maxItems: 1` blocks). */
export function block(v: unknown): { value: any; path: string } | undefined {
  if (Array.isArray(v)) return v.length && v[0] !== UNKNOWN ? { value: v[0], path: "[0]" } : undefined;
  return v && v !== UNKNOWN && typeof v === "object" ? { value: v, path: "" } : undefined;
}

/** Whether anything in a value is unknown. */
export function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === "object") return Object.values(v).some(hasUnknown);
  return false;
}
