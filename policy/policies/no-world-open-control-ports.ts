/**
 * no-world-open-control-ports: no rule of a hybrid cluster's security groups (the ones in
 * `vpcConfig.securityGroupIds`, and the cluster security group EKS creates) opens 443 or 10250
 * to 0.0.0.0/0 or ::/0. Other security groups (a web app's public ALB) are not this pack's business.
 */
import { checkWorldOpenPorts, CONTROL_PORTS, IngressRule } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { isUnknown, known, num } from "../lib/props";
import { clusterScopes, SCOPE_TYPES } from "../lib/scope";
import { Plain, T } from "../lib/stack";

function port(v: unknown): number | undefined {
  const n = num(v);
  return isUnknown(n) ? undefined : n;
}

function cidrs(...lists: unknown[]): string[] {
  return lists.flatMap((l) => (typeof l === "string" ? [l] : known<string>(l).map((x) => String(x.value))));
}

/** The ingress rules a resource declares, in one shape. */
function ingressRules(r: Plain): IngressRule[] {
  const p = r.p;
  switch (r.type) {
    case T.sgIngress:
      return (["cidrIpv4", "cidrIpv6"] as const).map((key) => ({
        key,
        protocol: String(p.ipProtocol ?? ""),
        fromPort: port(p.fromPort),
        toPort: port(p.toPort),
        sources: cidrs(p[key]),
      }));
    case T.sgRule:
      return p.type !== "ingress"
        ? []
        : (["cidrBlocks", "ipv6CidrBlocks"] as const).map((key) => ({
            key,
            protocol: String(p.protocol ?? ""),
            fromPort: port(p.fromPort),
            toPort: port(p.toPort),
            sources: cidrs(p[key]),
          }));
    case T.sg:
      return known<any>(p.ingress).map(({ index, value: i }) => ({
        key: `ingress[${index}]`,
        protocol: String(i.protocol ?? ""),
        fromPort: port(i.fromPort),
        toPort: port(i.toPort),
        sources: cidrs(i.cidrBlocks, i.ipv6CidrBlocks),
      }));
  }
  return [];
}

export const noWorldOpenControlPorts = stackPolicy<{ ports: number[] }>({
  name: "no-world-open-control-ports",
  description: "No rule of a hybrid cluster's security groups opens the API server (443) or kubelet (10250) port to 0.0.0.0/0 or ::/0.",
  fix: "replace 0.0.0.0/0 or ::/0 with the remote node and pod CIDRs (and the VPC CIDR)",
  meta: {
    reads: [...SCOPE_TYPES, T.sgIngress, T.sgRule],
    checks: [
      "inline `ingress` of the security groups in a hybrid cluster's `vpcConfig.securityGroupIds`, and `SecurityGroupIngressRule` / ingress `SecurityGroupRule` resources on those groups or on the cluster security group EKS creates, open none of the configured ports to `0.0.0.0/0` or `::/0`",
    ],
  },
  config: {
    ports: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [...CONTROL_PORTS],
      description: "Ports that must not be open to the Internet.",
    },
  },
  check: (ix, config, notApplicable) => {
    const scopes = clusterScopes(ix);
    if (!scopes.length) return notApplicable("no hybrid EKS cluster in the stack");
    const groups = new Set(scopes.flatMap((s) => s.securityGroups));
    const clusters = new Set(scopes.map((s) => s.facts.res));
    // The cluster security group EKS creates: known by id after the first update.
    const clusterSgIds = new Set(
      scopes.flatMap((s) => {
        const v = s.facts.res.p.vpcConfig;
        const id = (Array.isArray(v) ? v[0] : v)?.clusterSecurityGroupId;
        return typeof id === "string" ? [id] : [];
      }),
    );
    const rules = ix.of(T.sgIngress, T.sgRule).filter((r) => {
      const sg = ix.refs(r, "securityGroupId", r.p.securityGroupId, [T.sg]);
      return (
        sg.some((g) => groups.has(g)) ||
        ix.deps(r, "securityGroupId", [T.cluster]).some((c) => clusters.has(c)) ||
        clusterSgIds.has(r.p.securityGroupId)
      );
    });
    return [...groups, ...rules].flatMap((r) =>
      ingressRules(r).flatMap((rule): Finding[] =>
        checkWorldOpenPorts(rule, config.ports ?? CONTROL_PORTS).map((problem) => ({ res: r, problem })),
      ),
    );
  },
});
