/**
 * cidr-non-overlap: a hybrid cluster's remote node and pod CIDRs, its service CIDR, its VPC's
 * CIDRs (primary and secondary; every VPC of the stack when the cluster's VPC is not found) and
 * any configured extra networks share no address. Host bits are cleared before comparing
 * (`10.20.7.9/16` is 10.20.0.0/16 to AWS); `remote-cidrs-private` reports the host bits.
 */
import { checkNoOverlap, NamedNetwork } from "../../components/plan/rules";
import { networkOf } from "../lib/cidr-text";
import { Finding, stackPolicy } from "../lib/define";
import { str } from "../lib/props";
import { clusterScopes, SCOPE_TYPES } from "../lib/scope";
import { Plain, T } from "../lib/stack";
import type { StackIndex } from "../lib/stack-index";

function vpcNetworks(ix: StackIndex, vpcs: readonly Plain[] | undefined): NamedNetwork[] {
  const out: NamedNetwork[] = [];
  const secondary = ix.of(T.vpcCidr).filter((a) => !vpcs || vpcs.some((v) => ix.refs(a, "vpcId", a.p.vpcId, [T.vpc]).includes(v)));
  for (const v of [...(vpcs ?? ix.of(T.vpc)), ...secondary]) {
    const text = str(v.p.cidrBlock);
    const c = typeof text === "string" ? networkOf(text) : undefined;
    if (c) out.push({ key: `${v.name}.cidrBlock`, role: v.type === T.vpc ? "VPC CIDR" : "VPC secondary CIDR", cidr: c });
  }
  return out;
}

export const cidrNonOverlap = stackPolicy<{ extraNetworks: string[] }>({
  name: "cidr-non-overlap",
  description: "Remote node and pod CIDRs do not overlap each other, the cluster's VPC CIDRs, or its service CIDR.",
  fix: "choose non-overlapping ranges (the remote networks are the on-prem ones; change the VPC or service CIDR if those are the newer choice)",
  meta: {
    reads: [...SCOPE_TYPES, T.vpcCidr],
    checks: [
      "remote node and pod CIDRs and the service CIDR of each hybrid cluster share no address (host bits cleared first)",
      "none overlaps the CIDRs (primary and `VpcIpv4CidrBlockAssociation`) of the cluster's VPC — of every VPC in the stack when the cluster's subnets are not in it — or the configured `extraNetworks`",
    ],
  },
  config: {
    extraNetworks: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "More CIDRs the remote networks must avoid (e.g. other VPCs reached through the Transit Gateway).",
    },
  },
  check: (ix, config, notApplicable) => {
    const scopes = clusterScopes(ix);
    if (!scopes.length) return notApplicable("no EKS cluster with remoteNetworkConfig in the stack");
    const extra: NamedNetwork[] = [];
    (config.extraNetworks ?? []).forEach((text, i) => {
      const c = networkOf(text);
      if (c) extra.push({ key: `policy config extraNetworks[${i}]`, role: "extra network", cidr: c });
    });
    return scopes.flatMap(({ facts: c, vpcs }): Finding[] => {
      const own: NamedNetwork[] = [
        ...c.nodeCidrs.map((x) => ({ ...x, role: "remote node CIDR" })),
        ...c.podCidrs.map((x) => ({ ...x, role: "remote pod CIDR" })),
      ];
      const svc = typeof c.serviceCidr.value === "string" ? networkOf(c.serviceCidr.value) : undefined;
      if (svc) own.push({ key: c.serviceCidr.key, role: "service CIDR", cidr: svc });
      const problems = checkNoOverlap(own);
      // Each outside network against the cluster's own: only the pairs that involve it.
      for (const o of [...vpcNetworks(ix, vpcs.length ? vpcs : undefined), ...extra])
        problems.push(...checkNoOverlap([...own, o]).filter((p) => p.key === o.key || p.rule.includes(`, ${o.key})`)));
      return problems.map((problem) => ({ res: c.res, problem }));
    });
  },
});
