/**
 * cidr-non-overlap: a hybrid cluster's remote node and pod CIDRs, its service CIDR, every VPC
 * CIDR (primary and secondary) in the stack and any configured extra networks share no address.
 * Overlaps among VPCs alone are not this policy's business (other clusters, other VPCs).
 */
import { parseCidr } from "../../components/plan/cidr";
import { checkNoOverlap, NamedNetwork } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { str } from "../lib/props";
import { hybridClusters, ofType, T } from "../lib/stack";

export const cidrNonOverlap = stackPolicy<{ extraNetworks: string[] }>({
  name: "cidr-non-overlap",
  description:
    "Remote node and pod CIDRs do not overlap each other, any VPC CIDR or secondary CIDR in the stack, or the cluster's service CIDR.",
  config: {
    extraNetworks: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "More CIDRs the remote networks must avoid (e.g. other VPCs reached through the Transit Gateway).",
    },
  },
  check: (resources, config, notApplicable) => {
    const clusters = hybridClusters(resources);
    if (!clusters.length) return notApplicable("no EKS cluster with remoteNetworkConfig in the stack");
    const outside: NamedNetwork[] = [];
    for (const v of ofType(resources, T.vpc, T.vpcCidr)) {
      const text = str(v.p.cidrBlock);
      const p = typeof text === "string" ? parseCidr(text) : undefined;
      if (p?.ok) outside.push({ key: `${v.name}.cidrBlock`, role: v.type === T.vpc ? "VPC CIDR" : "VPC secondary CIDR", cidr: p.value });
    }
    (config.extraNetworks ?? []).forEach((text, i) => {
      const p = parseCidr(text);
      if (p.ok) outside.push({ key: `policy config extraNetworks[${i}]`, role: "extra network", cidr: p.value });
    });
    return clusters.flatMap((c): Finding[] => {
      const own: NamedNetwork[] = [
        ...c.nodeCidrs.map((x) => ({ ...x, role: "remote node CIDR" })),
        ...c.podCidrs.map((x) => ({ ...x, role: "remote pod CIDR" })),
      ];
      const svc = typeof c.serviceCidr.value === "string" ? parseCidr(c.serviceCidr.value) : undefined;
      if (svc?.ok) own.push({ key: c.serviceCidr.key, role: "service CIDR", cidr: svc.value });
      const problems = checkNoOverlap(own);
      // Each outside network against the cluster's own: only the pairs that involve it.
      for (const o of outside)
        problems.push(...checkNoOverlap([...own, o]).filter((p) => p.key === o.key || p.rule.includes(`, ${o.key})`)));
      return problems.map((problem) => ({ res: c.res, problem }));
    });
  },
});
