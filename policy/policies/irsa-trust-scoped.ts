/** irsa-trust-scoped: roles trusted through an OIDC provider name exactly one service account. */
import { checkIrsaTrust } from "../../components/plan/rules";
import { resourcePolicy } from "../lib/define";
import { hasUnknown } from "../lib/props";
import { T } from "../lib/stack";

export const irsaTrustScoped = resourcePolicy<{ requireAudience: boolean }>({
  name: "irsa-trust-scoped",
  description: "IAM roles trusted through an OIDC provider (IRSA) restrict <issuer>:sub to one service account with StringEquals.",
  types: [T.role],
  config: { requireAudience: { type: "boolean", default: false, description: "Also require <issuer>:aud in StringEquals." } },
  check: (r, config) => {
    const doc = r.p.assumeRolePolicy;
    if (doc === undefined || hasUnknown(doc)) return []; // computed from the provider URL: judged at update
    return checkIrsaTrust(doc, "assumeRolePolicy", { requireAudience: config.requireAudience });
  },
});
