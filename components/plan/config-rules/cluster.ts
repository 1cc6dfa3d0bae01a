/** Rules on the cluster: Kubernetes version by date, access mode, node credentials, SSM activations. */
import { checkClusterSettings, checkKubernetesVersion } from "../rules/cluster-settings";
import { Problem } from "../rules/problem";
import { EKS_CALENDAR_SOURCE } from "../versions/kubernetes";
import { ConfigRule } from "./rule";

export const kubernetesVersion: ConfigRule = {
  id: "kubernetes-version",
  summary:
    "The Kubernetes version is in EKS support today: error after extended support, warning in extended support or when newer than the calendar.",
  source: EKS_CALENDAR_SOURCE,
  reads: ["cluster.kubernetesVersion"],
  check: (c, { now }) =>
    c.cluster?.kubernetesVersion === undefined
      ? []
      : checkKubernetesVersion({ key: "cluster.kubernetesVersion", value: c.cluster.kubernetesVersion }, now),
};

export const authenticationMode: ConfigRule = {
  id: "authentication-mode",
  summary: "The authentication mode is API or API_AND_CONFIG_MAP (hybrid nodes join through access entries).",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cluster-create.html",
  reads: ["cluster.authenticationMode"],
  check: (c) =>
    c.cluster?.authenticationMode === undefined
      ? []
      : checkClusterSettings({ authenticationMode: { key: "cluster.authenticationMode", value: c.cluster.authenticationMode } }),
};

export const rolesAnywhereCa: ConfigRule = {
  id: "roles-anywhere-ca",
  summary: "IAM Roles Anywhere credentials need the trust anchor's CA bundle.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html",
  reads: ["cluster.nodeCredentials", "cluster.rolesAnywhereCaBundle"],
  check: (c) =>
    c.cluster?.nodeCredentials === "iam-roles-anywhere" && !c.cluster.rolesAnywhereCaBundle
      ? [
          {
            key: "cluster.rolesAnywhereCaBundle",
            value: "(missing)",
            rule: "is required with nodeCredentials: iam-roles-anywhere (the trust anchor's CA)",
          },
        ]
      : [],
};

/** SSM `CreateActivation`: `RegistrationLimit` 1–1000, `ExpirationDate` at most 30 days ahead. */
export const SSM_CREATE_ACTIVATION_SOURCE = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateActivation.html";
/** The most nodes one SSM hybrid activation registers. */
export const SSM_MAX_REGISTRATIONS = 1000;
/** How far ahead an SSM activation may expire. */
export const SSM_MAX_EXPIRY_DAYS = 30;

export const ssmActivation: ConfigRule = {
  id: "ssm-activation",
  summary: `An SSM hybrid activation registers at most ${SSM_MAX_REGISTRATIONS} nodes (more are refused, not split) and expires in the future, at most ${SSM_MAX_EXPIRY_DAYS} days ahead.`,
  source: SSM_CREATE_ACTIVATION_SOURCE,
  reads: ["cluster.nodeCredentials", "cluster.ssmActivationExpiry", "nodes"],
  check: (c, { now }) => {
    const problems: Problem[] = [];
    const creds = c.cluster?.nodeCredentials;
    const expiry = c.cluster?.ssmActivationExpiry;
    if (creds !== undefined && creds !== "ssm" && expiry) {
      problems.push({ key: "cluster.ssmActivationExpiry", value: expiry, rule: `applies only with nodeCredentials: ssm (is ${creds})` });
    }
    if (creds !== "ssm") return problems;
    const count = c.nodes?.length ?? 0;
    if (count > SSM_MAX_REGISTRATIONS) {
      problems.push({
        key: "nodes",
        value: `(${count} nodes)`,
        rule: `is more than ${SSM_MAX_REGISTRATIONS}, the most one SSM hybrid activation registers (RegistrationLimit 1–${SSM_MAX_REGISTRATIONS}, ${SSM_CREATE_ACTIVATION_SOURCE}); this program makes one activation and does not split: use nodeCredentials: iam-roles-anywhere, or split the nodes over several stacks`,
      });
    }
    if (expiry) {
      const at = Date.parse(expiry);
      const days = (at - now.getTime()) / 86_400_000;
      if (days <= 0)
        problems.push({
          key: "cluster.ssmActivationExpiry",
          value: expiry,
          rule: `is not in the future (now ${now.toISOString()}); SSM refuses an activation that has already expired`,
        });
      else if (days > SSM_MAX_EXPIRY_DAYS)
        problems.push({
          key: "cluster.ssmActivationExpiry",
          value: expiry,
          rule: `is more than ${SSM_MAX_EXPIRY_DAYS} days ahead (now ${now.toISOString()}); SSM accepts an expiry at most ${SSM_MAX_EXPIRY_DAYS} days in advance (${SSM_CREATE_ACTIVATION_SOURCE})`,
        });
    }
    return problems;
  },
};
