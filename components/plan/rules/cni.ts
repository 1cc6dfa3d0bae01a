/**
 * Which CNI, routing and load-balancing combinations work for hybrid nodes.
 *
 * - Static on-prem routes need a per-node pod block known before the node joins. Calico gives
 *   that with one IP pool per node (selected by node label). Cilium's cluster-pool IPAM picks a
 *   node's block at runtime, so static routes cannot be written in advance: use BGP or Calico.
 * - Cilium LB IPAM is announced by Cilium's BGP control plane: Cilium with BGP only.
 * - The Cilium chart versions this program knows (and the BGP CRD API they serve).
 */
import { PodRouting } from "./pod-routing";
import { Keyed, Problem } from "./problem";

/** CNI choice as the rules see it. */
export interface CniChoice {
  readonly kind: Keyed<"calico" | "cilium">;
  readonly routing: Keyed<PodRouting>;
  readonly version: Keyed<string>;
}

/** Supported chart lines. Calico 3.29+, Cilium 1.16–1.19 (1.17–1.19 have AWS builds). */
export const SUPPORTED_CNI_LINES = { calico: ["3.29", "3.30"], cilium: ["1.16", "1.17", "1.18", "1.19"] } as const;

/** `major.minor` of a chart version. */
export function minorOf(version: string): string {
  return version.replace(/^v/, "").split(".").slice(0, 2).join(".");
}

export function checkCniChoice(c: CniChoice): Problem[] {
  const problems: Problem[] = [];
  if (c.kind.value === "cilium" && c.routing.value === "static") {
    problems.push({
      key: c.routing.key,
      value: "static",
      rule: "cannot be used with Cilium: cluster-pool IPAM picks each node's pod block at runtime, so static on-prem routes cannot be written in advance; use routing: bgp with Cilium, or Calico for static routes",
    });
  }
  const lines: readonly string[] = SUPPORTED_CNI_LINES[c.kind.value];
  if (!lines.includes(minorOf(c.version.value))) {
    problems.push({
      key: c.version.key,
      value: c.version.value,
      rule: `is not a supported ${c.kind.value} chart line (${lines.join(", ")})`,
    });
  }
  return problems;
}

/** Cilium's BGP CRDs are served as `cilium.io/v2alpha1` up to 1.17 and `cilium.io/v2` from 1.18. */
export function ciliumBgpApiVersion(chartVersion: string): "cilium.io/v2" | "cilium.io/v2alpha1" {
  const [major, minor] = chartVersion.replace(/^v/, "").split(".").map(Number);
  return major > 1 || (major === 1 && minor >= 18) ? "cilium.io/v2" : "cilium.io/v2alpha1";
}
