/**
 * Cilium for EKS Hybrid Nodes, as data (last checked 2026-11-29 against
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html, "Version compatibility"
 * and "Cilium considerations"; the 1.17.9/1.18.3 builds: awsdocs/amazon-eks-user-guide PR #1163).
 *
 * - AWS supports only its own Cilium build, a Helm chart in Amazon ECR Public at
 *   `oci://public.ecr.aws/eks/cilium/cilium`, whose versions are the upstream version with a
 *   build suffix (`1.18.3-0`), and only the lines v1.17.x and v1.18.x; 1.16 was dropped.
 * - Cilium v1.18.3 needs Linux ≥ 5.10: not supported on Ubuntu 20.04 and RHEL 8.
 * - Upgrades: set `upgradeCompatibility` to the first installed version (`cilium-values.ts`).
 */

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
}

/** Lines the program knows, oldest first. */
export const CILIUM_LINES: readonly CiliumLine[] = [
  { line: "1.16", awsSupported: false, awsBuilds: [], note: "no longer supported by AWS for hybrid nodes" },
  { line: "1.17", awsSupported: true, awsBuilds: ["1.17.6-0", "1.17.9-0"] },
  {
    line: "1.18",
    awsSupported: true,
    awsBuilds: ["1.18.3-0"],
    note: "v1.18.3 needs Linux ≥ 5.10: not supported on Ubuntu 20.04 or RHEL 8",
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
