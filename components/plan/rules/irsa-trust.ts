/**
 * IRSA: a role trusted through the cluster's OIDC provider must name exactly one service account
 * in `<issuer>:sub` (StringEquals, no wildcards); otherwise any pod of the cluster can assume it.
 */
import { Problem } from "./problem";

const SERVICE_ACCOUNT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

type Statement = {
  Effect?: string;
  Action?: string | string[];
  Principal?: { Federated?: string | string[] } | string;
  Condition?: Record<string, Record<string, string | string[]>>;
};

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Check a trust policy (JSON text or parsed document); `key` names where it is. */
export function checkIrsaTrust(policy: unknown, key: string, opts: { requireAudience?: boolean } = {}): Problem[] {
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as typeof doc;
  } catch {
    return [{ key, value: String(policy).slice(0, 60), rule: "is not JSON; a trust policy must be an IAM policy document" }];
  }
  const problems: Problem[] = [];
  list(doc?.Statement).forEach((s, i) => {
    const at = `${key}.Statement[${i}]`;
    const federated = typeof s.Principal === "object" ? list(s.Principal.Federated) : [];
    const web = list(s.Action).some((a) => a === "sts:AssumeRoleWithWebIdentity" || a === "sts:*" || a === "*");
    if (s.Effect === "Deny" || !web || !federated.some((f) => f.includes(":oidc-provider/"))) return;
    const conds = s.Condition ?? {};
    const subOf = (op: string) => Object.entries(conds[op] ?? {}).filter(([k]) => k.endsWith(":sub"));
    const exact = subOf("StringEquals");
    const loose = [...subOf("StringLike"), ...subOf("ForAnyValue:StringLike"), ...subOf("ForAnyValue:StringEquals")];
    for (const [k, v] of loose) {
      problems.push({
        key: `${at}.Condition.${k}`,
        value: JSON.stringify(v),
        rule: "matches service accounts by pattern or set; IRSA trust must name exactly one service account with StringEquals",
      });
    }
    if (!exact.length && !loose.length) {
      problems.push({
        key: `${at}.Condition`,
        value: JSON.stringify(s.Condition ?? {}),
        rule: "does not restrict <issuer>:sub; every service account in the cluster could assume the role",
      });
    }
    for (const [k, v] of exact) {
      const subs = list(v);
      if (subs.length !== 1 || !SERVICE_ACCOUNT.test(subs[0])) {
        problems.push({
          key: `${at}.Condition.StringEquals.${k}`,
          value: JSON.stringify(v),
          rule: "is not one service account (system:serviceaccount:<namespace>:<name>)",
        });
      }
    }
    if (opts.requireAudience && !Object.keys(conds.StringEquals ?? {}).some((k) => k.endsWith(":aud"))) {
      problems.push({ key: `${at}.Condition.StringEquals`, value: "(no :aud)", rule: "does not pin <issuer>:aud to sts.amazonaws.com" });
    }
  });
  return problems;
}
