/** Build the NetworkPlan of a checked-in stack (with overrides) without the Pulumi runtime. */
import { buildPlan, NetworkPlan } from "../../components/plan";
import { PROJECT_DIR } from "../../plan-runner/run-program";
import { loadStackConfig } from "../../plan-runner/stack-config";

/** `overrides`: config key without namespace (`cni`, `onPrem`…) → value. */
export function planFor(stack: string, overrides: Record<string, unknown> = {}): NetworkPlan {
  const loaded = loadStackConfig(PROJECT_DIR, stack);
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(loaded.config)) {
    const [ns, key] = k.split(":");
    const value = (() => {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    })();
    if (ns === "aws" && key === "region") raw.region = value;
    else if (ns === "eks-hybrid-network") raw[key] = value;
  }
  return buildPlan({ ...raw, ...overrides });
}
