/**
 * YAML text for plain data (what `JSON.stringify` takes), written directly in the block style the
 * `yaml` package writes by default. Pure. A YAML library's document model costs about a
 * millisecond per small document, and a 5,000-node plan writes thousands (nodeadm files, node
 * patches, Helm values with a pool per node). `test/yaml-text.test.ts` reads every output back
 * with two independent readers (YAML 1.2 and 1.1).
 */

/**
 * A YAML scalar for `s`: plain where every YAML 1.1 and 1.2 reader reads it back as this string
 * (nodeadm and kubectl decode with sigs.k8s.io/yaml, YAML 1.1, where `yes`/`on`/`y` are booleans:
 * https://yaml.org/type/bool.html), otherwise double-quoted. JSON's string syntax is YAML's
 * double-quoted style; characters YAML does not allow raw (DEL, C1 controls, U+2028/9, BOM) are
 * escaped too.
 */
export function yamlScalar(s: string): string {
  if (PLAIN_SAFE.test(s) && !YAML_KEYWORDS.test(s) && !NUMBER_LIKE.test(s) && !/ #|: /.test(s)) return s;
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
/**
 * Starts with a letter, `/`, `<` + letter or `--` + letter/digit; then letters, digits, single
 * inner spaces and punctuation that is no indicator inside a plain scalar; no `:` at the end.
 */
const PLAIN_SAFE = /^(?:[A-Za-z/]|<[A-Za-z]|--[A-Za-z0-9])(?:[A-Za-z0-9._/=,@+<>()"*-]|:(?! |$)| (?=[^ ]))*$/;
/** An exponent without a mantissa (`E0`): the `yaml` package reads it as a number. */
const NUMBER_LIKE = /^[eE][-+]?[0-9]+$/;
/** Booleans and nulls of the YAML 1.1 and 1.2 core schemas. */
const YAML_KEYWORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** A multi-line string as a literal block (`|` or `|-`) where that reads back exactly. */
function literalBlock(s: string): { header: string; lines: string[] } | undefined {
  if (!s.includes("\n") || /[^\t\n\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "x")))
    return undefined;
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  const lines = body.split("\n");
  // The first non-empty line sets the block's indentation: it must not start with a blank.
  const first = lines.find((l) => l !== "");
  if (body.endsWith("\n") || first === undefined || /^[ \t]/.test(first)) return undefined;
  // Lines of only blanks, or blank-ended last lines, are where readers disagree: quote those.
  if (lines.some((l) => /^[ \t]+$/.test(l)) || /[ \t]$/.test(lines[lines.length - 1])) return undefined;
  return { header: s.endsWith("\n") ? "|" : "|-", lines };
}

function scalar(v: unknown): string | undefined {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "string") return yamlScalar(v);
  if (Array.isArray(v) && v.length === 0) return "[]";
  if (typeof v === "object" && Object.values(v as object).every((x) => x === undefined)) return "{}";
  return undefined;
}

/** Lines for `value` after `lead` (`key:` or `-`), its content indented by `ind`. */
function entry(lead: string, value: unknown, ind: string, out: string[]): void {
  if (typeof value === "string") {
    const block = literalBlock(value);
    if (block) {
      out.push(`${lead} ${block.header}`, ...block.lines.map((l) => (l === "" ? "" : ind + l)));
      return;
    }
  }
  const s = scalar(value);
  if (s !== undefined) {
    out.push(`${lead} ${s}`);
    return;
  }
  if (lead.endsWith("-")) {
    // A collection in a sequence starts on the dash's line.
    const inner: string[] = [];
    collection(value, ind, inner);
    out.push(lead + " " + inner[0].slice(ind.length), ...inner.slice(1));
  } else {
    out.push(lead);
    collection(value, ind, out);
  }
}

function collection(value: unknown, ind: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) entry(`${ind}-`, item === undefined ? null : item, ind + "  ", out);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) entry(`${ind}${yamlScalar(k)}:`, v, ind + "  ", out);
  }
}

/** `value` (plain data) as a YAML document. */
export function toYaml(value: unknown): string {
  const s = scalar(value);
  if (s !== undefined) return s + "\n";
  if (typeof value === "string") return JSON.stringify(value) + "\n";
  const out: string[] = [];
  collection(value, "", out);
  return out.join("\n") + "\n";
}
