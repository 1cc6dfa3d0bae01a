/**
 * The Amazon EKS Kubernetes release calendar as data, and the date logic that judges a version:
 * standard support (14 months from the EKS release), then extended support (12 more months, at
 * an extra cost per cluster hour), then no new clusters and a forced control-plane upgrade.
 * Dates are UTC days; support ends at the start of the given day (billing for extended support
 * "starts at the beginning of the day that the version reaches end of standard support, in the
 * UTC+0 timezone").
 */

/** The page the calendar comes from. */
export const EKS_CALENDAR_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar";

/** When the data below was last compared with the sources. */
export const EKS_CALENDAR_CHECKED = "2026-11-29";

/** One Kubernetes minor version on EKS. */
export interface EksKubernetesVersion {
  /** Minor version, e.g. `1.35`. */
  readonly version: string;
  /** Upstream Kubernetes release (YYYY-MM-DD). */
  readonly upstreamRelease: string;
  /** Amazon EKS release (YYYY-MM-DD); undefined when the source gives none yet. */
  readonly eksRelease?: string;
  /** First day without standard support (YYYY-MM-DD); undefined when not yet announced. */
  readonly endOfStandardSupport?: string;
  /** First day without extended support (YYYY-MM-DD); undefined when not yet announced. */
  readonly endOfExtendedSupport?: string;
  /** Where these dates were read. */
  readonly source: string;
}

const AWS_DOCS_REPO = "awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc (release calendar table)";

/** The calendar, oldest first. */
export const EKS_KUBERNETES_CALENDAR: readonly EksKubernetesVersion[] = [
  // 1.28 left the AWS table after its extended support ended; dates as the table listed them.
  {
    version: "1.28",
    upstreamRelease: "2023-08-15",
    eksRelease: "2023-09-26",
    endOfStandardSupport: "2024-11-26",
    endOfExtendedSupport: "2025-11-26",
    source: "https://endoflife.date/amazon-eks",
  },
  {
    version: "1.29",
    upstreamRelease: "2023-12-13",
    eksRelease: "2024-01-23",
    endOfStandardSupport: "2025-03-23",
    endOfExtendedSupport: "2026-03-23",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.30",
    upstreamRelease: "2024-04-17",
    eksRelease: "2024-05-23",
    endOfStandardSupport: "2025-07-23",
    endOfExtendedSupport: "2026-07-23",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.31",
    upstreamRelease: "2024-08-13",
    eksRelease: "2024-09-26",
    endOfStandardSupport: "2025-11-26",
    endOfExtendedSupport: "2026-11-26",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.32",
    upstreamRelease: "2024-12-11",
    eksRelease: "2025-01-23",
    endOfStandardSupport: "2026-03-23",
    endOfExtendedSupport: "2027-03-23",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.33",
    upstreamRelease: "2025-04-23",
    eksRelease: "2025-05-29",
    endOfStandardSupport: "2026-07-29",
    endOfExtendedSupport: "2027-07-29",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.34",
    upstreamRelease: "2025-08-27",
    eksRelease: "2025-10-02",
    endOfStandardSupport: "2026-12-02",
    endOfExtendedSupport: "2027-12-02",
    source: AWS_DOCS_REPO,
  },
  {
    version: "1.35",
    upstreamRelease: "2025-12-17",
    eksRelease: "2026-01-27",
    endOfStandardSupport: "2027-03-27",
    endOfExtendedSupport: "2028-03-27",
    source: "https://endoflife.date/amazon-eks",
  },
  // Live on EKS (DESIGN.md, 2026); the EKS dates were not in the sources available when checked.
  { version: "1.36", upstreamRelease: "2026-04-22", source: "https://kubernetes.io/releases/ (upstream date); EKS dates not yet recorded" },
];

/** The Kubernetes version new stacks get: the newest one in standard support when last checked. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** Where a version stands on a given day. */
export type SupportStatus =
  | { readonly kind: "standard"; readonly until?: string }
  | { readonly kind: "extended"; readonly until?: string; readonly standardEnded: string }
  | { readonly kind: "ended"; readonly ended: string }
  | { readonly kind: "not-yet-released"; readonly release: string }
  | { readonly kind: "unknown-newer"; readonly newest: string }
  | { readonly kind: "unknown-older"; readonly oldest: string }
  | { readonly kind: "not-a-version" };

const minor = (v: string): number | undefined => (/^1\.\d+$/.test(v) ? Number(v.split(".")[1]) : undefined);
const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The support status of `version` on the day of `now` (UTC). */
export function kubernetesSupportStatus(
  version: string,
  now: Date,
  calendar: readonly EksKubernetesVersion[] = EKS_KUBERNETES_CALENDAR,
): SupportStatus {
  const m = minor(version);
  if (m === undefined) return { kind: "not-a-version" };
  const today = day(now);
  const entry = calendar.find((e) => e.version === version);
  if (!entry) {
    const known = calendar.map((e) => minor(e.version)!);
    return m > Math.max(...known)
      ? { kind: "unknown-newer", newest: calendar[calendar.length - 1].version }
      : { kind: "unknown-older", oldest: calendar[0].version };
  }
  if (entry.eksRelease && today < entry.eksRelease) return { kind: "not-yet-released", release: entry.eksRelease };
  if (entry.endOfExtendedSupport && today >= entry.endOfExtendedSupport) return { kind: "ended", ended: entry.endOfExtendedSupport };
  if (entry.endOfStandardSupport && today >= entry.endOfStandardSupport)
    return { kind: "extended", until: entry.endOfExtendedSupport, standardEnded: entry.endOfStandardSupport };
  return { kind: "standard", until: entry.endOfStandardSupport };
}
