/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program:
 * namespaced keys, structured values as JSON, secure values as secrets. Secure values cannot be
 * decrypted here (no CLI, no passphrase), so they stand in as `[secret]`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

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

/** Load `Pulumi.<stack>.yaml` from `dir`; throws a readable error when it is missing or not YAML. */
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
  const project = (parse(fs.readFileSync(projectFile, "utf8")) as { name: string }).name;
  const doc = (parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
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
