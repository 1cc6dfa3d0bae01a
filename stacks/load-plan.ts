/**
 * Reads the stack config through `pulumi.Config` and turns it into the NetworkPlan. Bad config
 * stops the program with a `RunError` listing every problem (no stack trace, nothing created).
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, NetworkPlan, planFromRawConfig, formatProblem, errorsOf } from "../components/plan";

/** Secret config keys, read as Pulumi secrets and never part of the plan. */
export const SECRET_CONFIG_KEYS = ["vpnTunnel1PresharedKey", "vpnTunnel2PresharedKey"] as const;

/** The stack's secrets (Outputs marked secret), when set. */
export interface StackSecrets {
  /** Pre-shared keys of VPN tunnel 1 and 2; AWS generates them when unset. */
  readonly tunnelPresharedKeys: readonly (pulumi.Output<string> | undefined)[];
}

/**
 * The raw config values the plan reads, keyed without namespace. Every key of this program's
 * namespace is passed on, so that an unknown key (a typo) and a malformed one
 * (`eks-hybrid-network:cluster:extra`, which the Pulumi CLI refuses) are reported, never ignored.
 */
export function readRawConfig(all: Record<string, string> = pulumi.runtime.allConfig()): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (all["aws:region"] !== undefined) raw.region = all["aws:region"];
  const secret = new Set<string>(SECRET_CONFIG_KEYS);
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [k, text] of Object.entries(all)) {
    if (!k.startsWith(prefix)) continue;
    const name = k.slice(prefix.length);
    if (secret.has(name)) continue;
    try {
      raw[name] = JSON.parse(text);
    } catch {
      raw[name] = text;
    }
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
