/**
 * hybrid-access-entry: a hybrid cluster has a `HYBRID_LINUX` access entry for its nodes' role
 * (else they cannot join), and those entries carry no access policies (an
 * `AccessPolicyAssociation` is its own resource, matched by principal ARN and cluster).
 */
import { checkHybridAccessEntryPolicies } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { isUnknown, str } from "../lib/props";
import { hybridClusters, Plain, T } from "../lib/stack";
import type { StackIndex } from "../lib/stack-index";

/** Whether an access entry (or association) belongs to the cluster: by name, else by dependency. */
function ofCluster(ix: StackIndex, e: Plain, cluster: Plain): boolean | undefined {
  const name = str(e.p.clusterName);
  if (ix.deps(e, "clusterName", [T.cluster]).includes(cluster)) return true;
  const clusterName = str(cluster.p.name);
  if (typeof name === "string" && typeof clusterName === "string") return name === clusterName;
  return undefined; // not known yet
}

/** The aws-auth ConfigMap (or a patch of it) maps roles: nodes may join through it instead. */
function hasAwsAuth(ix: StackIndex): boolean {
  return ix.of(T.k8sConfigMap, T.k8sConfigMapPatch).some((m) => {
    const name = str(m.p.metadata?.name);
    return name === "aws-auth" || isUnknown(name);
  });
}

export const hybridAccessEntry = stackPolicy({
  name: "hybrid-access-entry",
  description: "A hybrid cluster has a HYBRID_LINUX access entry for its nodes, and HYBRID_LINUX entries carry no access policies.",
  fix: "delete the AccessPolicyAssociation; EKS grants hybrid nodes their permissions through the HYBRID_LINUX entry type",
  meta: {
    reads: [T.cluster, T.accessEntry, T.accessPolicy, T.k8sConfigMap, T.k8sConfigMapPatch],
    checks: [
      "each hybrid cluster has at least one `HYBRID_LINUX` `AccessEntry` (unless the stack manages an `aws-auth` ConfigMap)",
      "no `AccessPolicyAssociation` on the principal of a `HYBRID_LINUX` access entry of the same cluster",
    ],
  },
  check: (ix, _c, notApplicable) => {
    const clusters = hybridClusters(ix);
    const entries = ix.of(T.accessEntry);
    if (!clusters.length && !entries.length) return notApplicable("no hybrid EKS cluster and no access entries in the stack");
    const hybrid = entries.filter((e) => e.p.type === "HYBRID_LINUX");
    const findings: Finding[] = [];
    for (const c of clusters) {
      const pending = entries.some((e) => isUnknown(e.p.type) && ofCluster(ix, e, c.res) !== false);
      const has = hybrid.some((e) => ofCluster(ix, e, c.res) !== false);
      if (!has && !pending && !hasAwsAuth(ix))
        findings.push({
          res: c.res,
          problem: {
            key: "remoteNetworkConfig",
            value: "(set)",
            rule: "makes this a hybrid cluster, but no HYBRID_LINUX access entry lets hybrid nodes join it",
          },
          fix: "add an aws:eks/accessEntry:AccessEntry with type HYBRID_LINUX for the nodes' IAM role (the SSM activation's or IAM Roles Anywhere role)",
        });
    }
    const associations = ix.of(T.accessPolicy);
    for (const e of hybrid) {
      const principal = str(e.p.principalArn);
      if (typeof principal !== "string") continue;
      for (const a of associations) {
        if (a.p.principalArn !== principal) continue;
        const sameCluster =
          typeof e.p.clusterName !== "string" || typeof a.p.clusterName !== "string" || a.p.clusterName === e.p.clusterName;
        if (!sameCluster) continue;
        findings.push(
          ...checkHybridAccessEntryPolicies({ key: `${e.name}.principalArn`, value: principal }, [
            { key: "policyArn", value: typeof a.p.policyArn === "string" ? a.p.policyArn : "(unknown in preview)" },
          ]).map((problem) => ({ res: a, problem })),
        );
      }
    }
    return findings;
  },
});
