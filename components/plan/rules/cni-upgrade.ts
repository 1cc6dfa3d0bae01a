/**
 * `cni.firstInstalledVersion`: the Cilium version the cluster was first installed with. The EKS
 * hybrid nodes CNI page asks to set the chart value `upgradeCompatibility` to it when upgrading
 * Cilium, so that the upgrade keeps the first version's defaults for critical settings. It
 * cannot be newer than the version installed now, and only Cilium reads it.
 */
import type { ConfigRule } from "../config-rules/rule";
import { compareVersions } from "../versions/alb-controller";
import { CNI_DEFAULTS } from "../build-plan"; // read at check time, so the import cycle is harmless
import { Problem } from "./problem";

export const cniFirstInstalledRule: ConfigRule = {
  id: "cni-first-installed-version",
  summary: "cni.firstInstalledVersion (Cilium's upgradeCompatibility) is Cilium only and not newer than cni.version.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
  reads: ["cni.kind", "cni.version", "cni.firstInstalledVersion"],
  check: (c): Problem[] => {
    const cni = c.cni;
    const first = cni?.firstInstalledVersion;
    if (first === undefined || cni?.kind === undefined) return [];
    const key = "cni.firstInstalledVersion";
    if (cni.kind !== "cilium") {
      return [{ key, value: first, severity: "warning", rule: "applies only with Cilium (its upgradeCompatibility value); ignored" }];
    }
    const version = cni.version ?? CNI_DEFAULTS.cilium.version;
    if (compareVersions(first, version) > 0) {
      return [
        { key, value: first, rule: `is newer than cni.version ${version}; it must be the version the cluster was first installed with` },
      ];
    }
    return [];
  },
};
