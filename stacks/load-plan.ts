/**
 * Reads the stack config through `pulumi.Config` and turns it into the NetworkPlan. Bad config
 * stops the program with a `RunError` listing every problem (no stack trace, nothing created).
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, CONFIG_NAMESPACE, NetworkPlan, planFromRawConfig, formatProblem, errorsOf } from "../components/plan";

/** Secret config keys, read as Pulumi secrets and never part of the plan. */
export const SECRET_CONFIG_KEYS = ["vpnTunnel1PresharedKey", "vpnTunnel2PresharedKey"] as const;

/** The stack's secrets (Outputs marked secret), when set. */
export interface StackSecrets {
  /** Pre-shared keys of VPN tunnel 1 and 2; AWS generates them when unset. */
  readonly tunnelPresharedKeys: readonly (pulumi.Output<string> | undefined)[];
}

/** The raw config values the plan reads, keyed without namespace. */
export function readRawConfig(): Record<string, unknown> {
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  const raw: Record<string, unknown> = { region: new pulumi.Config("aws").get("region") };
  for (const key of CONFIG_KEYS) {
    if (key === "region") continue;
    const text = cfg.get(key);
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  const all = pulumi.runtime.allConfig();
  const known = new Set<string>([...CONFIG_KEYS, ...SECRET_CONFIG_KEYS]);
  for (const k of Object.keys(all)) {
    const [ns, name] = k.split(":");
    if (ns === CONFIG_NAMESPACE && !known.has(name)) raw[name] = all[k];
  }
  return raw;
}

/** Plan the stack from its config, or stop with every problem listed. */
export function loadPlan(): { plan: NetworkPlan; secrets: StackSecrets } {
  const result = planFromRawConfig(readRawConfig());
  for (const w of result.problems.filter((p) => p.severity === "warning")) pulumi.log.warn(formatProblem(w));
  if (!result.plan) {
    const errors = errorsOf(result.problems);
    throw new pulumi.RunError(
      `the stack config has ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was created:\n` +
        errors.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
  }
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  return {
    plan: result.plan,
    secrets: { tunnelPresharedKeys: SECRET_CONFIG_KEYS.map((k) => cfg.getSecret(k)) },
  };
}
