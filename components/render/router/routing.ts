/**
 * What the on-prem router must do for pod traffic, decided once from the plan and rendered for
 * VyOS and FRR alike: static routes (one per node pod block, via the node) or BGP as a route
 * reflector in the cluster's AS, every hybrid node a client.
 */
import { NetworkPlan } from "../../plan";

/** BGP session timers from the source article (seconds). */
export const ROUTER_BGP_TIMERS = { keepaliveSeconds: 10, holdtimeSeconds: 30 } as const;

/** Static routing: pod block → node IP. */
export interface StaticRouting {
  readonly mode: "static";
  readonly routes: readonly { readonly cidr: string; readonly nextHop: string; readonly node: string }[];
}

/** BGP routing: the router reflects between the nodes (iBGP, one AS). */
export interface BgpRouting {
  readonly mode: "bgp";
  readonly asn: number;
  readonly routerId: string;
  readonly clients: readonly { readonly address: string; readonly node: string }[];
  readonly keepaliveSeconds: number;
  readonly holdtimeSeconds: number;
}

export type RouterRouting = StaticRouting | BgpRouting;

/** The router's pod routing for the plan. */
export function routerRouting(plan: NetworkPlan): RouterRouting {
  if (plan.cni.routing === "static") {
    return { mode: "static", routes: plan.onPremRoutes.map((r) => ({ cidr: r.cidr, nextHop: r.nextHop, node: r.node })) };
  }
  return {
    mode: "bgp",
    // iBGP route reflection: the router's AS is the cluster's (plan.cni.localAsn = router.asn).
    asn: plan.router.asn,
    routerId: plan.router.address,
    clients: plan.nodes.map((n) => ({ address: n.ip, node: n.name })),
    ...ROUTER_BGP_TIMERS,
  };
}
