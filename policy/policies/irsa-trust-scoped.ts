/**
 * irsa-trust-scoped: roles trusted through a hybrid cluster's OIDC provider name exactly one
 * service account with StringEquals, on that provider's own issuer. Roles trusting other
 * providers (GitHub Actions, another team's cluster) are not this pack's business.
 */
import { checkIrsaTrust } from "../../components/plan/rules";
import { checkIrsaConditionIssuer, trustedIssuers } from "../../components/plan/rules/irsa-issuer";
import { Finding, stackPolicy } from "../lib/define";
import { hasUnknown, isUnknown, str } from "../lib/props";
import { hybridClusters, Plain, T } from "../lib/stack";
import type { StackIndex } from "../lib/stack-index";

const strip = (url: string) => url.replace(/^https:\/\//, "").replace(/\/+$/, "");

/** Issuers of the hybrid clusters (known outputs, and the OIDC providers built on them). */
function hybridIssuers(ix: StackIndex, clusters: readonly Plain[]): { issuers: Set<string>; providers: Set<Plain> } {
  const issuers = new Set<string>();
  for (const c of clusters) {
    const issuer = c.p.identities?.[0]?.oidcs?.[0]?.issuer;
    if (typeof issuer === "string") issuers.add(strip(issuer));
  }
  const providers = new Set<Plain>();
  for (const p of ix.of(T.oidcProvider)) {
    const url = str(p.p.url);
    const fromCluster = ix.deps(p, "url", [T.cluster]).some((c) => clusters.includes(c));
    if (fromCluster || (typeof url === "string" && issuers.has(strip(url)))) {
      providers.add(p);
      if (typeof url === "string") issuers.add(strip(url));
    }
  }
  return { issuers, providers };
}

export const irsaTrustScoped = stackPolicy<{ requireAudience: boolean }>({
  name: "irsa-trust-scoped",
  description:
    "IAM roles trusted through a hybrid cluster's OIDC provider (IRSA) restrict that issuer's :sub to one service account with StringEquals.",
  fix: 'use "StringEquals": { "<issuer>:sub": "system:serviceaccount:<namespace>:<name>", "<issuer>:aud": "sts.amazonaws.com" } with the trusted provider\'s issuer',
  meta: {
    reads: [T.cluster, T.oidcProvider, T.role],
    checks: [
      "roles whose trust policy federates with a hybrid cluster's OIDC provider (its `OpenIdConnectProvider`, or an EKS issuer when every EKS cluster of the stack is hybrid) pin `<issuer>:sub` to one service account with `StringEquals` (optionally `:aud` too)",
      "their `:sub` / `:aud` condition keys name the issuer of the provider the statement trusts",
    ],
  },
  config: { requireAudience: { type: "boolean", default: false, description: "Also require <issuer>:aud in StringEquals." } },
  check: (ix, config, notApplicable) => {
    const clusters = ix.of(T.cluster);
    const hybrid = hybridClusters(ix).map((c) => c.res);
    if (!hybrid.length) return notApplicable("no hybrid EKS cluster in the stack");
    const { issuers, providers } = hybridIssuers(ix, hybrid);
    const allHybrid = hybrid.length === clusters.length;
    const findings: Finding[] = [];
    for (const r of ix.of(T.role)) {
      const doc = r.p.assumeRolePolicy;
      if (doc === undefined || isUnknown(doc) || hasUnknown(doc)) continue; // computed from the provider URL: judged at update
      const trusted = trustedIssuers(doc);
      if (!trusted.length) continue;
      const viaDeps = ix.deps(r, "assumeRolePolicy", [T.oidcProvider, T.cluster]).some((d) => providers.has(d) || hybrid.includes(d));
      const ours =
        viaDeps || trusted.some((i) => issuers.has(i) || (allHybrid && /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//.test(i)));
      if (!ours) continue;
      const problems = [
        ...checkIrsaTrust(doc, "assumeRolePolicy", { requireAudience: config.requireAudience }),
        ...checkIrsaConditionIssuer(doc, "assumeRolePolicy"),
      ];
      findings.push(...problems.map((problem) => ({ res: r, problem })));
    }
    return findings;
  },
});
