/**
 * hybrid-access-entry: `HYBRID_LINUX` access entries carry no access policies. A stack policy:
 * the association is its own resource, matched to the entry by principal ARN and cluster.
 */
import { checkHybridAccessEntryPolicies } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { str } from "../lib/props";
import { ofType, T } from "../lib/stack";

export const hybridAccessEntry = stackPolicy({
  name: "hybrid-access-entry",
  description: "HYBRID_LINUX access entries carry no access policies (AccessPolicyAssociation).",
  check: (resources, _c, notApplicable) => {
    const entries = ofType(resources, T.accessEntry).filter((e) => e.p.type === "HYBRID_LINUX");
    if (!entries.length) return notApplicable("no HYBRID_LINUX access entry in the stack");
    const associations = ofType(resources, T.accessPolicy);
    return entries.flatMap((e): Finding[] => {
      const principal = str(e.p.principalArn);
      const cluster = str(e.p.clusterName);
      if (typeof principal !== "string") return [];
      return associations
        .filter(
          (a) =>
            a.p.principalArn === principal &&
            (typeof cluster !== "string" || typeof a.p.clusterName !== "string" || a.p.clusterName === cluster),
        )
        .flatMap((a) =>
          checkHybridAccessEntryPolicies({ key: `${e.name}.principalArn`, value: principal }, [
            { key: "policyArn", value: String(str(a.p.policyArn) ?? "(unknown)") },
          ]).map((problem) => ({ res: a, problem })),
        );
    });
  },
});
