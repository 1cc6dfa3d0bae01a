/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program:
 * namespaced keys, structured values as JSON, secure values as secrets. Secure values cannot be
 * decrypted here (no CLI, no passphrase), so they stand in as `[secret]`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CORE_SCHEMA, load as loadPlainYaml } from "js-yaml";
import { parse, YAMLError } from "yaml";

/** Aliases a stack file may use (yaml's default is 100); more is an alias bomb. */
const MAX_ALIASES = 100;
/** Nesting deeper than this is not a stack config (and would exhaust the stack when walked). */
const MAX_DEPTH = 64;

/** A stack file that cannot be read as YAML: one line naming the file, line and column. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

function depthOf(v: unknown, limit: number): number {
  let depth = 0;
  let level: unknown[] = [v];
  while (level.length && depth <= limit) {
    level = level.flatMap((x) => (x !== null && typeof x === "object" ? Object.values(x as object) : []));
    if (level.length) depth++;
  }
  return depth;
}

/**
 * Text the fast path leaves to `yaml`: where js-yaml's core schema and YAML 1.2's (the `yaml`
 * package) read the same text differently, or where only `yaml` bounds the work or refuses. Found
 * by differential property tests (`test/stack-file-yaml.test.ts`); a false alarm costs only speed.
 */
const NOT_PLAIN = new RegExp(
  [
    /[-+]?0[bB]|[-+]0[xXoO]|(?:^|[\s[{,:])-0+(?=[\s,\]}]|$)/, // binary, signed hex/octal integers, -0
    /^[ \t-]*[?[{]/, // explicit keys; flow collections where a key may be (values come after "key: ")
    /[-+]\./, // signed floats without a leading digit
    /~|\b(?:null|Null|NULL)\b/, // nulls (a null key is "" to one reader, "null" to the other)
    /[[{,][ \t]*[:?[{]/, // empty, explicit or collection keys in flow collections
    /[&*!]/, // anchors, aliases, tags
    /^[ \t]*-(?:[ \t]+-)*[ \t]*$/, // empty sequence entries
    /\S#/, // a "#" right after text: a comment to one reader, an error to the other
    /^[^"\n]*"(?:[^"\n]*"[^"\n]*")*[^"\n]*$/, // a double-quoted scalar that goes on past its line
    /^[^'\n]*'(?:[^'\n]*'[^'\n]*')*[^'\n]*$/, // the same, single-quoted
    /^(?:---|\.\.\.)/, // document markers
    /^[ -]*\t/, // tabs in indentation
  ]
    .map((r) => r.source)
    .join("|"),
  "m",
);

/**
 * A stack file of plain YAML, read by js-yaml (the reader @pulumi/pulumi itself uses), which takes
 * a few tens of milliseconds where `yaml`'s document model takes most of a second for a stack file
 * with thousands of nodes. Anything else — a file with anchors, aliases or tags (or just a `&`, `*`
 * or `!` anywhere), a construct the two readers resolve differently, every error, nesting deeper
 * than a stack config — returns `undefined` and goes through `yaml`, whose messages name line and
 * column and which bounds aliases. `test/stack-file-yaml.test.ts` checks both read the same.
 */
export function plainYaml(text: string): unknown {
  // Comments are free text ("the article's layout"): the guards read the YAML around them.
  if (NOT_PLAIN.test(text.replace(/(^|[ \t])#.*$/gm, "$1"))) return undefined;
  try {
    const doc = loadPlainYaml(text, { schema: CORE_SCHEMA });
    return doc !== null && typeof doc === "object" && depthOf(doc, MAX_DEPTH) <= MAX_DEPTH ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Parse one YAML file; every failure becomes a one-line `StackFileError`. */
export function readYamlFile(file: string): unknown {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new StackFileError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: unknown = plainYaml(text);
  if (doc !== undefined) return doc;
  try {
    doc = parse(text, { maxAliasCount: MAX_ALIASES, prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError || /call stack/i.test((e as Error).message ?? "")) {
      throw new StackFileError(`${name}: is nested too deeply to be a stack config`);
    }
    if (e instanceof YAMLError) {
      const at = e.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : "unknown position";
      const first = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      throw new StackFileError(`${name}:${at ? `${at.line}:${at.col}` : ""} is not valid YAML (${where}): ${first}`);
    }
    const message = (e as Error).message ?? String(e);
    if (/alias/i.test(message))
      throw new StackFileError(`${name}: uses more than ${MAX_ALIASES} YAML aliases (an alias bomb?); write the values out`);
    throw new StackFileError(`${name}: is not valid YAML: ${message.split("\n")[0]}`);
  }
  if (depthOf(doc, MAX_DEPTH) > MAX_DEPTH)
    throw new StackFileError(`${name}: is nested more than ${MAX_DEPTH} levels deep; a stack config is not`);
  return doc;
}

/** A stack's config as the Pulumi runtime receives it. */
export interface LoadedStackConfig {
  /** Project name from `Pulumi.yaml`. */
  project: string;
  stack: string;
  /** `namespace:key` → value (JSON text for structured values). */
  config: Record<string, string>;
  /** Keys whose values are secret. */
  secretKeys: string[];
}

/** Load `Pulumi.<stack>.yaml` from `dir`; throws a one-line error when it is missing or not YAML. */
export function loadStackConfig(dir: string, stack: string): LoadedStackConfig {
  const projectFile = path.join(dir, "Pulumi.yaml");
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    const have = fs
      .readdirSync(dir)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.slice(7, -5));
    throw new Error(`no stack config ${path.basename(stackFile)} in ${dir} (stacks here: ${have.join(", ") || "none"})`);
  }
  const project = (readYamlFile(projectFile) as { name: string }).name;
  const doc = (readYamlFile(stackFile) ?? {}) as { config?: Record<string, unknown> };
  if (
    typeof doc !== "object" ||
    Array.isArray(doc) ||
    (doc.config !== undefined && (doc.config === null || typeof doc.config !== "object" || Array.isArray(doc.config)))
  ) {
    throw new StackFileError(`${path.basename(stackFile)}: \`config\` must be a map of keys (namespace:name: value)`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(doc.config ?? {})) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      config[key] = "[secret]";
      secretKeys.push(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { project, stack, config, secretKeys };
}
