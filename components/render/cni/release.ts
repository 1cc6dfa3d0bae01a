/**
 * The CNI's Helm release as plain data: chart reference (HTTP repository or OCI), namespace
 * and values. The component turns it into a `kubernetes:helm.sh/v3:Release`.
 */
import { NetworkPlan } from "../../plan";
import { renderCalicoValues } from "./calico-values";
import { renderCiliumValues } from "./cilium-values";

/** A Helm release as the component installs it. */
export interface CniReleaseSpec {
  /** Helm release name. */
  readonly name: string;
  /** Chart name, or the full `oci://…/<chart>` reference for OCI registries. */
  readonly chart: string;
  readonly version: string;
  /** HTTP(S) chart repository; absent for OCI charts (the reference is in `chart`). */
  readonly repository?: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly values: Record<string, unknown>;
}

/**
 * Chart reference. An OCI repository is the path above the chart (AWS's Cilium build:
 * `oci://public.ecr.aws/eks/cilium`), and the release takes the full reference
 * (`oci://public.ecr.aws/eks/cilium/cilium`) as its chart.
 */
export function chartReference(repository: string, chart: string): { chart: string; repository?: string } {
  if (!repository.startsWith("oci://")) return { chart, repository };
  return { chart: `${repository.replace(/\/+$/, "")}/${chart}` };
}

/** The CNI release for the plan. */
export function renderCniRelease(plan: NetworkPlan): CniReleaseSpec {
  const ref = chartReference(plan.cni.chartRepository, plan.cni.chart);
  const version = plan.cni.version.replace(/^v/, "");
  if (plan.cni.kind === "calico") {
    // The Calico docs install the operator into its own namespace.
    return { name: "calico", ...ref, version, namespace: "tigera-operator", createNamespace: true, values: renderCalicoValues(plan) };
  }
  return { name: "cilium", ...ref, version, namespace: "kube-system", createNamespace: false, values: renderCiliumValues(plan) };
}
