/**
 * Every on-prem file the plan renders (`out/STACK/<path>` → text): router configs, nodeadm
 * configs, the firewall list. Pure; secrets appear only as placeholders or `[secret]`.
 */
import { NetworkPlan } from "../plan";

/** Relative path under `out/STACK/` → file contents. */
export type Artifacts = Record<string, string>;

export function renderArtifacts(_plan: NetworkPlan): Artifacts {
  return {};
}
