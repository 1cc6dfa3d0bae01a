/**
 * Calico Open Source lines and the Kubernetes versions Tigera tests each with, as data.
 *
 * Source: each line's "System requirements" page, section "Kubernetes requirements / Supported
 * versions" (https://docs.tigera.io/calico/<line>/getting-started/kubernetes/requirements; in the
 * repository tigera/docs `calico_versioned_docs/version-<line>/_includes/partials/_system-requirements.mdx`,
 * read at commit f2a276243 of 2026-08-21). Every page says the same three things:
 * - "We test Calico <line> against the following Kubernetes versions" (the list below);
 * - "will not work on Kubernetes v1.20 or below. v1.21 may work, but is no longer tested";
 * - "Newer versions may also work, but we recommend upgrading to a version of Calico that is
 *   tested against the newer Kubernetes version".
 * Release dates: the `v<line>.0` tags of projectcalico/calico. Tigera publishes no end-of-life
 * dates for Calico Open Source lines, so none are recorded.
 * AWS no longer documents Calico for hybrid nodes (the CNI page moved it to aws-samples/eks-hybrid-examples).
 */

/** The requirements page of a Calico line. */
export const calicoRequirementsUrl = (line: string): string =>
  `https://docs.tigera.io/calico/${line}/getting-started/kubernetes/requirements`;

/** When the data below was last compared with the sources. */
export const CALICO_DATA_CHECKED = "2026-11-29";

/** "Calico will not work on Kubernetes v1.20 or below" (every line's requirements page). */
export const CALICO_KUBERNETES_MINIMUM = "1.21";

/** One Calico minor line. */
export interface CalicoLine {
  /** `major.minor`, e.g. `3.29`. */
  readonly line: string;
  /** The `v<line>.0` release (YYYY-MM-DD). */
  readonly released: string;
  /** Kubernetes minors Tigera tests the line against, oldest first. */
  readonly kubernetesTested: readonly string[];
  /** First day the line is out of support (YYYY-MM-DD); undefined: not published. */
  readonly endOfLife?: string;
}

/** The lines, oldest first. */
export const CALICO_LINES: readonly CalicoLine[] = [
  { line: "3.29", released: "2024-10-29", kubernetesTested: ["1.29", "1.30", "1.31", "1.32"] },
  { line: "3.30", released: "2025-05-05", kubernetesTested: ["1.31", "1.32", "1.33", "1.34", "1.35"] },
  { line: "3.31", released: "2025-10-21", kubernetesTested: ["1.32", "1.33", "1.34", "1.35"] },
  { line: "3.32", released: "2026-04-30", kubernetesTested: ["1.34", "1.35", "1.36"] },
];
