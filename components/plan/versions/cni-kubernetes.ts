/**
 * Does a CNI chart version work with a Kubernetes version on a given day? Decided from the data
 * in `calico.ts` and `cilium.ts`, with the current date injected:
 * - error: the Kubernetes version is below what the CNI line works with at all, or the line is
 *   past its published end of life;
 * - warning: the Kubernetes version is outside the versions upstream tests the line with, or the
 *   data does not know the line;
 * - nothing: inside the tested versions, or an AWS Cilium build of a line AWS supports for hybrid
 *   nodes (AWS supports those "for every Kubernetes version supported in Amazon EKS").
 */
import { CALICO_KUBERNETES_MINIMUM, CALICO_LINES, calicoRequirementsUrl } from "./calico";
import { CILIUM_KUBERNETES_MINIMUM, CILIUM_LINES, ciliumLineOf } from "./cilium";

/** What the check needs to know about the CNI and the cluster. */
export interface CniKubernetesInput {
  readonly kind: "calico" | "cilium";
  /** Chart version as configured (`3.29.2`, `1.18.3-0`, `v1.16.7`). */
  readonly version: string;
  /** Whether the chart is AWS's Cilium build (ignored for Calico). */
  readonly awsBuild: boolean;
  /** Kubernetes minor, `1.35`. */
  readonly kubernetes: string;
  /** Lines the program can install (a hint names only these); default: every line in the data. */
  readonly installable?: readonly string[];
}

/** One line of the data, as the check reads it. */
export interface CniLineFacts {
  readonly line: string;
  readonly kubernetesTested: readonly string[];
  readonly endOfLife?: string;
  /** Where the tested versions come from. */
  readonly source: string;
  /** AWS supports this line for hybrid nodes on every EKS Kubernetes version (Cilium, AWS build). */
  readonly awsSupported?: boolean;
}

/** The data of one CNI kind, as the check reads it. */
export interface CniFacts {
  /** Below this Kubernetes minor the CNI does not work. */
  readonly kubernetesMinimum: string;
  /** Why the minimum is what it is. */
  readonly minimumReason: string;
  readonly lines: readonly CniLineFacts[];
}

/** The facts per CNI kind, from `calico.ts` and `cilium.ts`. */
export const CNI_FACTS: Readonly<Record<"calico" | "cilium", CniFacts>> = {
  calico: {
    kubernetesMinimum: CALICO_KUBERNETES_MINIMUM,
    minimumReason: "Calico does not work on Kubernetes v1.20 or below",
    lines: CALICO_LINES.map((l) => ({ ...l, source: calicoRequirementsUrl(l.line) })),
  },
  cilium: {
    kubernetesMinimum: CILIUM_KUBERNETES_MINIMUM,
    minimumReason: "the Cilium chart's kubeVersion is >= 1.21.0, so Helm refuses to install it on an older cluster",
    lines: CILIUM_LINES.map((l) => ({ ...l, source: l.testedSource })),
  },
};

/** A finding, phrased to complete "<cni.version> …". */
export interface CniKubernetesFinding {
  readonly severity: "error" | "warning";
  readonly rule: string;
}

/** `1.35` → 35; undefined when not `1.<n>`. */
export function kubernetesMinor(v: string): number | undefined {
  return /^1\.\d+$/.test(v) ? Number(v.slice(2)) : undefined;
}

/** `major.minor` of a chart version (`v1.18.3-0` → `1.18`; the same rule for Calico's charts). */
const chartLine = ciliumLineOf;

const span = (tested: readonly string[]) => (tested.length === 1 ? tested[0] : `${tested[0]}–${tested[tested.length - 1]}`);

/** Every finding for one CNI version and Kubernetes version on the day of `now` (UTC). */
export function checkCniKubernetes(
  input: CniKubernetesInput,
  now: Date,
  facts: Readonly<Record<"calico" | "cilium", CniFacts>> = CNI_FACTS,
): CniKubernetesFinding[] {
  const k8s = kubernetesMinor(input.kubernetes);
  if (k8s === undefined) return []; // the kubernetes-version rule reports it
  const f = facts[input.kind];
  const name = input.kind === "calico" ? "Calico" : "Cilium";
  const findings: CniKubernetesFinding[] = [];
  if (k8s < kubernetesMinor(f.kubernetesMinimum)!) {
    findings.push({
      severity: "error",
      rule: `does not work with Kubernetes ${input.kubernetes}: ${f.minimumReason} (needs ≥ ${f.kubernetesMinimum})`,
    });
  }
  const lineName = chartLine(input.version);
  const line = f.lines.find((l) => l.line === lineName);
  if (!line) {
    findings.push({
      severity: "warning",
      rule: `is ${name} ${lineName}, a line whose Kubernetes compatibility this program does not know (known: ${f.lines.map((l) => l.line).join(", ")}); check it for Kubernetes ${input.kubernetes} yourself`,
    });
    return findings;
  }
  const today = now.toISOString().slice(0, 10);
  if (line.endOfLife && today >= line.endOfLife) {
    findings.push({
      severity: "error",
      rule: `is ${name} ${line.line}, out of support since ${line.endOfLife} (${line.source.split(" ")[0]})`,
    });
  }
  if (input.kind === "cilium" && input.awsBuild && line.awsSupported) return findings;
  const tested = line.kubernetesTested.map((v) => kubernetesMinor(v)!);
  const newer = k8s > Math.max(...tested);
  if (newer || k8s < Math.min(...tested)) {
    const covering = f.lines
      .filter((l) => l.kubernetesTested.includes(input.kubernetes) && (input.installable?.includes(l.line) ?? true))
      .map((l) => l.line);
    const hint = covering.length ? `; ${name} ${covering.join(", ")} ${covering.length === 1 ? "is" : "are"} tested with it` : "";
    findings.push({
      severity: "warning",
      rule: `is ${name} ${line.line}, tested with Kubernetes ${span(line.kubernetesTested)} only; Kubernetes ${input.kubernetes} is ${newer ? "newer" : "older"} and may work, untested (${line.source.split(" ")[0]})${hint}`,
    });
  }
  return findings;
}
