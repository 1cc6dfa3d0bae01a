/**
 * AWS quotas on what the program creates per remote network: one route per merged remote block in
 * every VPC route table, and at least one inbound and one outbound rule per merged block in the
 * cluster's security group (`components/network/routes.ts`, `sg-rules.ts`; neighbouring CIDRs
 * are merged first, `cidr-aggregate.ts`). Above a hard maximum AWS refuses the resource after the
 * rest of the network exists; above the default quota it refuses it unless the account's quota was
 * raised first.
 */
import { aggregateCidrs, vpcRoutedRemoteBlocks } from "../cidr-aggregate";
import { Problem } from "../rules/problem";
import { resolvePodRouting } from "../rules/pod-routing";
import { ConfigRule, KeyedCidr } from "./rule";

/** https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html (route tables, security groups). */
export const VPC_QUOTAS = {
  source: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html",
  /** "Routes per route table (non-propagated routes)": default 50, adjustable up to 1,000. */
  routesPerRouteTable: { default: 50, max: 1000 },
  /** "Inbound or outbound rules per security group": default 60 each; rules × groups per ENI ≤ 1,000. */
  rulesPerSecurityGroup: { default: 60, max: 1000 },
} as const;

/** Routes the program adds to a route table besides the remote ones: the local route and a default route. */
const OTHER_ROUTES = 2;

export const awsQuotas: ConfigRule = {
  id: "aws-route-and-rule-quotas",
  summary:
    "The merged remote node and pod CIDRs fit AWS's quotas: routes per VPC route table (50 by default: warning; 1,000 at most: error) and rules per security group (60 / 1,000).",
  source: VPC_QUOTAS.source,
  reads: ["onPrem.nodeCidrs", "onPrem.podCidrs", "cni.podRouting", "cni.routing"],
  check: (c, { derived }) => {
    const routing = c.cni
      ? resolvePodRouting({ key: "cni.podRouting", value: c.cni.podRouting }, { key: "cni.routing", value: c.cni.routing }).mode?.value
      : undefined;
    const text = (list: readonly KeyedCidr[]) => list.map((x) => x.cidr.text);
    const nodeBlocks = aggregateCidrs(text(derived.nodeCidrs));
    const podBlocks = aggregateCidrs(text(derived.podCidrs));
    const routed = vpcRoutedRemoteBlocks(text(derived.nodeCidrs), text(derived.podCidrs), routing);
    const problems: Problem[] = [];
    const key = derived.podCidrs.length ? "onPrem.podCidrs" : "onPrem.nodeCidrs";
    const routes = routed.length + OTHER_ROUTES;
    const rq = VPC_QUOTAS.routesPerRouteTable;
    if (routes > rq.default)
      problems.push({
        key,
        value: `${routed.length} remote blocks after merging neighbours`,
        rule:
          routes > rq.max
            ? `need ${routes} routes in every VPC route table; AWS allows at most ${rq.max} (${VPC_QUOTAS.source}): use fewer, larger (or adjacent) CIDRs`
            : `need ${routes} routes in every VPC route table, above AWS's default quota of ${rq.default}: raise "Routes per route table" in Service Quotas before pulumi up (${VPC_QUOTAS.source})`,
        severity: routes > rq.max ? "error" : "warning",
      });
    // At least: 443 from every node and pod block (inbound); kubelet to every node block and a
    // webhook port to every pod block (outbound), when pods are routed.
    const rules = nodeBlocks.length + (routing === "none" ? 0 : podBlocks.length);
    const sq = VPC_QUOTAS.rulesPerSecurityGroup;
    if (rules > sq.default)
      problems.push({
        key,
        value: `${nodeBlocks.length + podBlocks.length} remote blocks after merging neighbours`,
        rule:
          rules > sq.max
            ? `need at least ${rules} inbound and ${rules} outbound rules in the cluster security group; AWS allows at most ${sq.max} (${VPC_QUOTAS.source}): use fewer, larger (or adjacent) CIDRs`
            : `need at least ${rules} inbound and outbound rules in the cluster security group, above AWS's default quota of ${sq.default}: raise "Inbound or outbound rules per security group" in Service Quotas before pulumi up (${VPC_QUOTAS.source})`,
        severity: rules > sq.max ? "error" : "warning",
      });
    return problems;
  },
};
