/**
 * Cluster settings hybrid nodes need (AWS EKS user guide): access entries (auth mode `API` or
 * `API_AND_CONFIG_MAP`), one endpoint kind (public or private, not both), an explicit service CIDR.
 */
import { parseCidr } from "../cidr";
import { Keyed, Problem } from "./problem";

/** Authentication modes that can hold `HYBRID_LINUX` access entries. */
export const HYBRID_AUTH_MODES = ["API", "API_AND_CONFIG_MAP"] as const;

/**
 * Kubernetes minor versions EKS supports (standard and extended support) as of late 2025:
 * 1.28–1.34. Update when EKS adds a version or ends extended support for one.
 */
export const EKS_KUBERNETES_VERSIONS = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34"] as const;

export function checkKubernetesVersion({ key, value }: Keyed): Problem[] {
  if ((EKS_KUBERNETES_VERSIONS as readonly string[]).includes(value)) return [];
  const range = `${EKS_KUBERNETES_VERSIONS[0]}–${EKS_KUBERNETES_VERSIONS[EKS_KUBERNETES_VERSIONS.length - 1]}`;
  return [{ key, value, rule: `is not a Kubernetes version EKS supports (${range})` }];
}

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
