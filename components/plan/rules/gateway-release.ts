/**
 * Rules on what a stack deploys for the EKS Hybrid Nodes gateway, shared by the plan's tests and
 * the policy pack (which applies them to any stack's resources):
 * - the gateway programs the route tables of the cluster's subnets (else the control plane ENIs
 *   in an unlisted subnet's table cannot reach hybrid pods);
 * - nothing else creates VPC routes for (parts of) the gateway's pod CIDRs (the gateway replaces the target
 *   on failover; an IaC route would be set back on the next update, or block the gateway's
 *   CreateRoute);
 * - Cilium carries `vtep.enabled: true` and `l7Proxy: false`
 *   (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-cni.html).
 */
import { Cidr, contains, parseCidr } from "../cidr";
import { Keyed, Problem } from "./problem";

/** A route table that serves one of the cluster's subnets. */
export interface ClusterSubnetTable {
  readonly routeTableId: string;
  readonly subnetId: string;
}

/** Split a comma-separated chart value (`rtb-a,rtb-b`). */
export function commaList(v: unknown): string[] {
  return typeof v === "string"
    ? v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

/** The gateway's `routeTableIDs` must include the route table of every cluster subnet. */
export function checkGatewayRouteTables(routeTableIds: Keyed<unknown>, required: readonly ClusterSubnetTable[]): Problem[] {
  const given = new Set(commaList(routeTableIds.value));
  if (given.size === 0) {
    return [
      {
        key: routeTableIds.key,
        value: String(routeTableIds.value ?? "(missing)"),
        rule: "is empty; the gateway needs the route tables of the cluster's subnets (a required chart value)",
      },
    ];
  }
  const missing = required.filter((t) => !given.has(t.routeTableId));
  return [...new Map(missing.map((t) => [t.routeTableId, t])).values()].map((t) => ({
    key: routeTableIds.key,
    value: String(routeTableIds.value),
    rule: `lacks ${t.routeTableId}, the route table of cluster subnet ${t.subnetId}: the control plane ENIs there would not reach hybrid pods through the gateway`,
  }));
}

/** A VPC route some resource creates. */
export interface IacRoute {
  readonly key: string;
  readonly destination: string;
  /** Who creates it, for the message (e.g. the resource name). */
  readonly owner: string;
}

/**
 * No IaC route may equal or sit inside a pod CIDR the gateway owns (it would win or tie against
 * the gateway's route); broader routes (a default route, a supernet) lose to it by longest match.
 */
export function checkGatewayOwnsPodRoutes(podCidrs: Keyed<unknown>, routes: readonly IacRoute[]): Problem[] {
  const owned = commaList(podCidrs.value).flatMap((t) => {
    const p = parseCidr(t);
    return p.ok ? [p.value] : [];
  });
  const problems: Problem[] = [];
  for (const r of routes) {
    const d = parseCidr(r.destination);
    if (!d.ok) continue;
    const hit = owned.find((o: Cidr) => contains(o, d.value));
    if (hit) {
      problems.push({
        key: r.key,
        value: r.destination,
        rule: `(${r.owner}) is inside pod CIDR ${hit.text}, whose VPC routes the EKS Hybrid Nodes gateway owns; the next update would undo its failover (drop the route, the gateway creates it)`,
      });
    }
  }
  return problems;
}

/** Cilium values the gateway needs. */
export function checkCiliumVtepValues(values: Keyed<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  const vtep = values.value.vtep as { enabled?: unknown } | undefined;
  if (vtep?.enabled !== true) {
    problems.push({
      key: `${values.key}.vtep.enabled`,
      value: String(vtep?.enabled ?? "(unset)"),
      rule: "must be true: the EKS Hybrid Nodes gateway reaches hybrid pods through Cilium's VTEP",
    });
  }
  if (values.value.l7Proxy !== false) {
    problems.push({
      key: `${values.key}.l7Proxy`,
      value: String(values.value.l7Proxy ?? "(unset: true)"),
      rule: "must be false with the gateway: the L7 proxy intercepts and drops VTEP traffic",
    });
  }
  return problems;
}
