/**
 * Cilium for EKS Hybrid Nodes, as data (last checked 2026-11-29 against
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html, "Version compatibility"
 * and "Cilium considerations"; the 1.17.9/1.18.3 builds: awsdocs/amazon-eks-user-guide PR #1163;
 * the VTEP-capable 1.17.13-1/1.18.8-1 builds: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-cni.html).
 *
 * - AWS supports only its own Cilium build, a Helm chart in Amazon ECR Public at
 *   `oci://public.ecr.aws/eks/cilium/cilium`, whose versions are the upstream version with a
 *   build suffix (`1.18.3-0`, `1.18.8-1`), and only the lines v1.17.x and v1.18.x; 1.16 was dropped.
 * - Cilium v1.18.3 needs Linux ≥ 5.10: not supported on Ubuntu 20.04 and RHEL 8.
 * - Upgrades: set `upgradeCompatibility` to the first installed version (`cilium-values.ts`).
 * - AWS: "Cilium versions v1.17.x and v1.18.x are supported for EKS Hybrid Nodes for every
 *   Kubernetes version supported in Amazon EKS" (CNI page); the gateway CNI page names the
 *   VTEP-capable AWS builds 1.17.13-1, 1.18.8-1 and 1.19.2-1, so AWS ships a 1.19 build too.
 *
 * Kubernetes versions upstream e2e-tests each line with: the line's "Kubernetes Compatibility"
 * page (`Documentation/network/kubernetes/compatibility.rst` at the line's tags). Upstream says
 * versions outside the list "depend on the forward / backward compatibility offered by
 * Kubernetes", so outside the list is a warning; what does not work is below the chart's own
 * `kubeVersion: '>= 1.21.0-0'` (Chart.yaml of 1.16.7, 1.17.6 and 1.18.0): Helm refuses to install.
 */

/** When the Kubernetes compatibility data below was last compared with the sources. */
export const CILIUM_DATA_CHECKED = "2026-11-29";

/** The Cilium chart's `kubeVersion` floor: Helm refuses to install on an older cluster. */
export const CILIUM_KUBERNETES_MINIMUM = "1.21";

/** The repository of AWS's Cilium build (the release's chart is `<repository>/cilium`). */
export const CILIUM_AWS_REPOSITORY = "oci://public.ecr.aws/eks/cilium";
/** The upstream chart repository (not supported by AWS for hybrid nodes). */
export const CILIUM_UPSTREAM_REPOSITORY = "https://helm.cilium.io";

/** One Cilium line and what AWS says about it. */
export interface CiliumLine {
  /** `major.minor`. */
  readonly line: string;
  /** Whether AWS supports the line for hybrid nodes (with its own build). */
  readonly awsSupported: boolean;
  /** Chart versions of AWS's build that the EKS user guide names for the line. */
  readonly awsBuilds: readonly string[];
  /** Caveat AWS documents for the line, if any. */
  readonly note?: string;
  /** Kubernetes minors upstream e2e-tests the line with, oldest first. */
  readonly kubernetesTested: readonly string[];
  /** Where `kubernetesTested` was read. */
  readonly testedSource: string;
  /** First day the line is out of support (YYYY-MM-DD); undefined: no date published. */
  readonly endOfLife?: string;
}

const compat = (line: string) => `https://docs.cilium.io/en/v${line}/network/kubernetes/compatibility/`;

/** Lines the program knows, oldest first. */
export const CILIUM_LINES: readonly CiliumLine[] = [
  {
    line: "1.16",
    awsSupported: false,
    awsBuilds: [],
    note: "no longer supported by AWS for hybrid nodes",
    kubernetesTested: ["1.27", "1.28", "1.29", "1.30"],
    testedSource: `${compat("1.16")} (as the requirements page of the 1.16 development docs listed it)`,
  },
  {
    line: "1.17",
    awsSupported: true,
    awsBuilds: ["1.17.6-0", "1.17.9-0", "1.17.13-1"],
    kubernetesTested: ["1.29", "1.30", "1.31", "1.32"],
    testedSource: `${compat("1.17")} (not re-read in this check: no copy was reachable; 1.18 and 1.19 were)`,
  },
  {
    line: "1.18",
    awsSupported: true,
    awsBuilds: ["1.18.3-0", "1.18.8-1"],
    note: "v1.18.3 needs Linux ≥ 5.10: not supported on Ubuntu 20.04 or RHEL 8",
    kubernetesTested: ["1.30", "1.31", "1.32", "1.33"],
    testedSource: "cilium/cilium v1.18.14 Documentation/network/kubernetes/compatibility.rst",
  },
  {
    line: "1.19",
    awsSupported: true,
    awsBuilds: ["1.19.2-1"],
    note: "AWS names its 1.19.2-1 build on the gateway CNI page; the CNI page's compatibility section lists only v1.17.x and v1.18.x",
    kubernetesTested: ["1.32", "1.33", "1.34", "1.35"],
    testedSource: "cilium/cilium v1.19.3 Documentation/network/kubernetes/compatibility.rst",
  },
];

/** The default: the newest AWS build. */
export const CILIUM_DEFAULT_VERSION = "1.18.3-0";

/** `major.minor` of a version (`1.18.3-0` → `1.18`). */
export function ciliumLineOf(version: string): string {
  return version.replace(/^v/, "").split(".").slice(0, 2).join(".");
}

/** The line of a version, if the program knows it. */
export function ciliumLine(version: string): CiliumLine | undefined {
  return CILIUM_LINES.find((l) => l.line === ciliumLineOf(version));
}

/** Whether a chart repository is AWS's Cilium build (trailing slashes ignored). */
export function isAwsCiliumRepository(repository: string): boolean {
  return repository.replace(/\/+$/, "") === CILIUM_AWS_REPOSITORY;
}

/** Cilium's `upgradeCompatibility` value for the first installed version (`1.17.9-0` → `1.17`). */
export function upgradeCompatibilityOf(firstInstalledVersion: string): string {
  return ciliumLineOf(firstInstalledVersion);
}
