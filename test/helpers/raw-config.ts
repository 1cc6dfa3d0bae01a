/** A checked-in stack's config as the plan reads it (keys without namespace, values decoded). */
import { loadStackConfig } from "../../plan-runner/stack-config";
import { PROJECT_DIR } from "../../plan-runner/run-program";

export function rawConfigOf(stack: string): Record<string, any> {
  const loaded = loadStackConfig(PROJECT_DIR, stack);
  const raw: Record<string, any> = {};
  for (const [k, v] of Object.entries(loaded.config)) {
    const [ns, key] = k.split(":");
    const name = ns === "aws" && key === "region" ? "region" : ns === loaded.project ? key : undefined;
    if (!name) continue;
    try {
      raw[name] = JSON.parse(v);
    } catch {
      raw[name] = v;
    }
  }
  return raw;
}

/** A deep copy of a stack's config with `edit` applied. */
export function editedConfig(stack: string, edit: (c: Record<string, any>) => void): Record<string, any> {
  const c = structuredClone(rawConfigOf(stack));
  edit(c);
  return c;
}
