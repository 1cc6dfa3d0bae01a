/**
 * Every on-prem file the plan renders (`out/STACK/<path>` → text): router configs, nodeadm
 * configs, the firewall list (markdown and JSON). Pure; secrets appear only as placeholders or `[secret]`.
 */
import { NetworkPlan } from "../plan";
import { renderFrrConfig, renderVyosConfig } from "./router";
import { renderFirewall, renderFirewallJson } from "./firewall";
import { maskedNodeCredentials, renderNodeadmFiles } from "./nodeadm";

/** Relative path under `out/STACK/` → file contents. */
export type Artifacts = Record<string, string>;

export function renderArtifacts(plan: NetworkPlan): Artifacts {
  return {
    "router/vyos.conf": renderVyosConfig(plan),
    "router/frr.conf": renderFrrConfig(plan),
    "firewall.md": renderFirewall(plan),
    "firewall.json": renderFirewallJson(plan),
    ...renderNodeadmFiles(plan, maskedNodeCredentials(plan)),
  };
}
