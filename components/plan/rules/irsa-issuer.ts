/**
 * IRSA trust: the `<issuer>:sub` and `<issuer>:aud` condition keys must name the issuer of the
 * OIDC provider the statement trusts. STS sets condition keys only for the token's own issuer
 * (IAM user guide, "Available keys for AWS web identity federation"), so a condition on another
 * issuer's key never matches: StringEquals then denies every caller (the role is dead), and a
 * `...IfExists` or `ForAnyValue` form would leave the subject unrestricted.
 */
import { Problem } from "./problem";

type Statement = {
  Effect?: string;
  Action?: string | string[];
  Principal?: { Federated?: string | string[] } | string;
  Condition?: Record<string, Record<string, unknown>>;
};

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The issuer (host and path) of an OIDC provider ARN, e.g. `oidc.eks.us-west-2.amazonaws.com/id/ABC`. */
export function issuerOfProviderArn(arn: string): string | undefined {
  const m = /:oidc-provider\/(.+)$/.exec(arn);
  return m ? m[1] : undefined;
}

/** The OIDC issuers a trust policy's web-identity statements trust (from `Principal.Federated`). */
export function trustedIssuers(doc: unknown): string[] {
  const d = (typeof doc === "string" ? safeParse(doc) : doc) as { Statement?: Statement | Statement[] } | undefined;
  return list(d?.Statement).flatMap((s) =>
    typeof s.Principal === "object" ? list(s.Principal.Federated).flatMap((f) => issuerOfProviderArn(String(f)) ?? []) : [],
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Condition keys `<issuer>:sub|aud` whose issuer is not the statement's trusted provider. */
export function checkIrsaConditionIssuer(policy: unknown, key: string): Problem[] {
  const d = (typeof policy === "string" ? safeParse(policy) : policy) as { Statement?: Statement | Statement[] } | undefined;
  const problems: Problem[] = [];
  list(d?.Statement).forEach((s, i) => {
    const issuers = typeof s.Principal === "object" ? list(s.Principal.Federated).flatMap((f) => issuerOfProviderArn(String(f)) ?? []) : [];
    if (!issuers.length || s.Effect === "Deny") return;
    for (const [op, conds] of Object.entries(s.Condition ?? {})) {
      for (const k of Object.keys(conds ?? {})) {
        const m = /^(.+):(sub|aud|amr)$/.exec(k);
        if (!m || m[1].startsWith("aws") || issuers.includes(m[1])) continue;
        problems.push({
          key: `${key}.Statement[${i}].Condition.${op}`,
          value: k,
          rule: `names issuer ${m[1]}, but the statement trusts ${issuers.join(", ")}; STS sets only the trusted issuer's keys, so this condition never matches`,
        });
      }
    }
  });
  return problems;
}
