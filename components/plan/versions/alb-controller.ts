/**
 * AWS Load Balancer Controller versions this program can install on a hybrid cluster, as data.
 *
 * - Controllers before v2.14.1 cannot resolve the pod ENI of a pod on a hybrid node: their
 *   TargetGroupBindings never settle (kubernetes-sigs/aws-load-balancer-controller issue #4315,
 *   fixed by PR #4336, released in v2.14.1 = chart 1.14.1).
 * - Each supported line carries the IAM policy upstream publishes with it
 *   (`docs/install/iam_policy.json` at the tag); `render/lb/alb-controller-iam-policy.ts` holds it
 *   and a test diffs it against upstream. v2.14.1 and v3.5.0 publish the same 16 statements.
 * - From 3.0.0 the chart version equals the controller version; the 1.x charts map 1.N.x → v2.N.x.
 * - Helm does not upgrade the chart's CRDs (`helm/aws-load-balancer-controller/crds/crds.yaml`):
 *   upstream's release notes ask to apply them before `helm upgrade` (issue #4555).
 */

/** One chart line the program supports. */
export interface AlbControllerLine {
  /** Chart `major.minor`. */
  readonly chartLine: string;
  /** Lowest chart patch of the line that works with hybrid nodes. */
  readonly minChart: string;
  /** Controller version of `minChart`. */
  readonly controller: string;
  /** Controller release whose `iam_policy.json` the program grants for this line. */
  readonly iamPolicyOf: string;
  /** Release notes. */
  readonly source: string;
}

/** Supported lines, oldest first. Last checked 2026-11-29 against the upstream releases page. */
export const ALB_CONTROLLER_LINES: readonly AlbControllerLine[] = [
  {
    chartLine: "1.14",
    minChart: "1.14.1",
    controller: "v2.14.1",
    iamPolicyOf: "v2.14.1",
    source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/releases/tag/v2.14.1",
  },
  {
    chartLine: "3.5",
    minChart: "3.5.0",
    controller: "v3.5.0",
    iamPolicyOf: "v3.5.0",
    source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/releases/tag/v3.5.0",
  },
];

/** The chart the program installs by default: the newest release (controller v3.5.0). */
export const ALB_CONTROLLER_DEFAULT_CHART = "3.5.0";

/** The first chart (controller) that supports pods on hybrid nodes. */
export const ALB_CONTROLLER_FIRST_HYBRID_CHART = "1.14.1";

const parts = (v: string) => v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);

/** Compare two `x.y.z` versions: negative, 0, positive. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The supported line of a chart version, if any (the version must be at least the line's `minChart`). */
export function albControllerLine(chartVersion: string): AlbControllerLine | undefined {
  const line = ALB_CONTROLLER_LINES.find((l) => chartVersion.replace(/^v/, "").startsWith(`${l.chartLine}.`));
  return line && compareVersions(chartVersion, line.minChart) >= 0 ? line : undefined;
}

/** Controller version a chart installs: 1.N.x → v2.N.x, from 3.0.0 the same number. */
export function albControllerVersionOf(chartVersion: string): string {
  const [major, minor, patch] = parts(chartVersion);
  return major === 1 ? `v2.${minor}.${patch}` : `v${major}.${minor}.${patch}`;
}
