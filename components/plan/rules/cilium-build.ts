/**
 * Cilium must be a build and line AWS supports for hybrid nodes (`versions/cilium.ts`): AWS's
 * own build (`oci://public.ecr.aws/eks/cilium`) at v1.17.x or v1.18.x. Anything else is an error
 * unless `cni.allowUnsupportedCilium: true`, which turns it into a warning.
 */
import { CILIUM_AWS_REPOSITORY, CILIUM_LINES, ciliumLine, isAwsCiliumRepository } from "../versions/cilium";
import { CNI_DEFAULTS } from "../build-plan"; // read at check time, so the import cycle is harmless
import type { ConfigRule } from "../config-rules/rule";
import { Keyed, Problem } from "./problem";

/** The Cilium choice as the rule sees it. */
export interface CiliumBuildChoice {
  readonly version: Keyed<string>;
  readonly repository: Keyed<string>;
  /** `cni.allowUnsupportedCilium`. */
  readonly allowUnsupported: boolean;
}

const supportedLines = () =>
  CILIUM_LINES.filter((l) => l.awsSupported)
    .map((l) => `v${l.line}.x`)
    .join(" and ");
const override = " (set cni.allowUnsupportedCilium: true to install it anyway, without AWS support)";

export function checkCiliumBuild(c: CiliumBuildChoice): Problem[] {
  const severity = c.allowUnsupported ? ("warning" as const) : undefined;
  const problem = (k: Keyed<string>, rule: string): Problem => ({
    key: k.key,
    value: k.value,
    rule: c.allowUnsupported ? rule : rule + override,
    ...(severity ? { severity } : {}),
  });
  const problems: Problem[] = [];
  if (!isAwsCiliumRepository(c.repository.value)) {
    problems.push(
      problem(c.repository, `is not AWS's Cilium build (${CILIUM_AWS_REPOSITORY}); AWS supports only its own build for hybrid nodes`),
    );
  }
  const line = ciliumLine(c.version.value);
  if (!line?.awsSupported) {
    problems.push(
      problem(c.version, `is not a Cilium line AWS supports for hybrid nodes (${supportedLines()})${line?.note ? `: ${line.note}` : ""}`),
    );
  } else if (isAwsCiliumRepository(c.repository.value) && !line.awsBuilds.includes(c.version.value.replace(/^v/, ""))) {
    problems.push({
      key: c.version.key,
      value: c.version.value,
      severity: "warning",
      rule: `is not an AWS Cilium build the EKS user guide names for v${line.line} (${line.awsBuilds.join(", ")}); AWS's chart versions carry a build suffix like -0 or -1`,
    });
  }
  return problems;
}

/** The rule in the config rule table (`config-rules/registry.ts`). */
export const ciliumBuildRule: ConfigRule = {
  id: "cilium-build",
  summary:
    "Cilium is AWS's build (oci://public.ecr.aws/eks/cilium) at a line AWS supports (v1.17.x, v1.18.x, v1.19.x); otherwise an error, or a warning with cni.allowUnsupportedCilium.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
  reads: ["cni.kind", "cni.version", "cni.chartRepository", "cni.allowUnsupportedCilium"],
  check: (c) => {
    const cni = c.cni;
    if (cni?.kind !== "cilium") return [];
    return checkCiliumBuild({
      version: { key: "cni.version", value: cni.version ?? CNI_DEFAULTS.cilium.version },
      repository: { key: "cni.chartRepository", value: cni.chartRepository ?? CNI_DEFAULTS.cilium.repository },
      allowUnsupported: cni.allowUnsupportedCilium === true,
    });
  },
};
