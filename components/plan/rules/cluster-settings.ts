/**
 * Cluster settings hybrid nodes need (AWS EKS user guide): access entries (auth mode `API` or
 * `API_AND_CONFIG_MAP`), one endpoint kind (public or private, not both), an explicit service CIDR.
 */
import { cidr, contains, parseCidr } from "../cidr";
import { EKS_CALENDAR_CHECKED, EKS_CALENDAR_SOURCE, kubernetesSupportStatus } from "../versions/kubernetes";
import { Keyed, Problem } from "./problem";

/** Authentication modes that can hold `HYBRID_LINUX` access entries. */
export const HYBRID_AUTH_MODES = ["API", "API_AND_CONFIG_MAP"] as const;

/**
 * Judge a Kubernetes version by the EKS calendar on the day of `now`: an error once extended
 * support has ended (EKS refuses new clusters and upgrades old ones), a warning in extended
 * support (extra cost per cluster hour) and for a version newer than the calendar knows.
 */
export function checkKubernetesVersion({ key, value }: Keyed, now: Date = new Date()): Problem[] {
  const s = kubernetesSupportStatus(value, now);
  const at = (rule: string, severity: "error" | "warning" = "error"): Problem[] => [{ key, value, rule, severity }];
  const calendar = `EKS release calendar, ${EKS_CALENDAR_SOURCE}`;
  switch (s.kind) {
    case "standard":
      return [];
    case "extended":
      return at(
        `is in EKS extended support (standard support ended ${s.standardEnded}; extended support ends ${s.until ?? "on a date not yet announced"}), which costs extra per cluster hour; move to a version in standard support (${calendar})`,
        "warning",
      );
    case "ended":
      return at(
        `reached the end of EKS extended support on ${s.ended}: EKS creates no new clusters with it and upgrades existing ones; use a version in standard support (${calendar})`,
      );
    case "not-yet-released":
      return at(`is not released on EKS until ${s.release} (${calendar})`);
    case "unknown-newer":
      return at(
        `is newer than the versions this program's EKS calendar knows (newest ${s.newest}, checked ${EKS_CALENDAR_CHECKED}); check that EKS offers it (${calendar})`,
        "warning",
      );
    case "unknown-older":
      return at(`is older than ${s.oldest}, the oldest version in the EKS calendar; its EKS support has ended (${calendar})`);
    case "not-a-version":
      return at("is not a Kubernetes minor version like 1.35");
  }
}

/**
 * The ranges EKS accepts a `serviceIpv4Cidr` in (EKS API `KubernetesNetworkConfigRequest`:
 * "within one of the following private IP address blocks: 10.0.0.0/8, 172.16.0.0/12, or
 * 192.168.0.0/16", prefix /12 to /24).
 */
export const SERVICE_CIDR_SOURCE = "https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html";
const SERVICE_CIDR_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((t) => cidr(t));

/** The settings a hybrid cluster is judged on; `undefined` = not set (or unknown in preview). */
export interface ClusterSettings {
  /** `accessConfig.authenticationMode`. */
  readonly authenticationMode?: Keyed<string | undefined>;
  /** Public endpoint on. */
  readonly endpointPublic?: Keyed<boolean | undefined>;
  /** Private endpoint on. */
  readonly endpointPrivate?: Keyed<boolean | undefined>;
  /** `kubernetesNetworkConfig.serviceIpv4Cidr`. */
  readonly serviceCidr?: Keyed<string | undefined>;
}

export function checkClusterSettings(s: ClusterSettings): Problem[] {
  const problems: Problem[] = [];
  const mode = s.authenticationMode;
  if (mode && !(HYBRID_AUTH_MODES as readonly (string | undefined)[]).includes(mode.value)) {
    problems.push({
      key: mode.key,
      value: String(mode.value ?? "(unset: CONFIG_MAP)"),
      rule: "is not an access-entry mode; hybrid nodes need authentication mode API or API_AND_CONFIG_MAP",
    });
  }
  const pub = s.endpointPublic;
  const priv = s.endpointPrivate;
  if (pub && priv && pub.value === true && priv.value === true) {
    problems.push({
      key: `${pub.key}+${priv.key}`,
      value: "public and private",
      rule: "are both on; a hybrid cluster's endpoint must be public or private, not both",
    });
  }
  if (pub && priv && pub.value === false && priv.value === false) {
    problems.push({
      key: `${pub.key}+${priv.key}`,
      value: "neither public nor private",
      rule: "leaves the API server unreachable; turn exactly one endpoint on",
    });
  }
  const svc = s.serviceCidr;
  if (svc) {
    if (svc.value === undefined || svc.value === "") {
      problems.push({ key: svc.key, value: "(unset)", rule: "must be set explicitly so it can be checked against the remote networks" });
    } else {
      const p = parseCidr(svc.value);
      if (!p.ok) problems.push({ key: svc.key, value: svc.value, rule: `${p.reason}; the service CIDR must be an IPv4 CIDR` });
      else if (p.value.prefix < 12 || p.value.prefix > 24) {
        problems.push({ key: svc.key, value: svc.value, rule: "must be a /12 to /24 (EKS service CIDR range)" });
      }
      if (p.ok && !SERVICE_CIDR_BLOCKS.some((b) => contains(b, p.value))) {
        problems.push({
          key: svc.key,
          value: svc.value,
          rule: `is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, the blocks EKS accepts a service CIDR in (${SERVICE_CIDR_SOURCE})`,
        });
      }
    }
  }
  return problems;
}

/**
 * `HYBRID_LINUX` access entries get their node permissions from EKS; an access policy on one
 * (e.g. AmazonEKSClusterAdminPolicy) would give every hybrid node that power.
 */
export function checkHybridAccessEntryPolicies(entry: Keyed, policies: readonly Keyed[]): Problem[] {
  return policies.map((p) => ({
    key: p.key,
    value: p.value,
    rule: `is associated with the HYBRID_LINUX access entry of ${entry.value} (${entry.key}); hybrid node access entries must carry no access policies`,
  }));
}
