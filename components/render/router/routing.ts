/**
 * What the on-prem router must do for the hybrid nodes, decided once from the plan and rendered
 * for VyOS and FRR alike:
 * - static CNI routing: one static route per node pod block, via the node;
 * - BGP CNI routing: BGP as a route reflector in the cluster's AS, every hybrid node a client;
 * - MetalLB in BGP mode (only with static CNI routing): also BGP in the router's AS with every node
 *   as an iBGP neighbor, so MetalLB's speakers can announce Service addresses (no reflection:
 *   the nodes need no routes from each other).
 */
import { BGP_TIMERS, NetworkPlan } from "../../plan";

/** A static route: pod block → node IP. */
export interface RouterStaticRoute {
  readonly cidr: string;
  readonly nextHop: string;
  readonly node: string;
}

/** BGP on the router with every hybrid node as an iBGP neighbor. */
export interface RouterBgp {
  /** Why the sessions exist: the CNI's pod routes, or MetalLB's Service addresses. */
  readonly purpose: "cni" | "metallb";
  readonly asn: number;
  readonly routerId: string;
  /** Reflect routes between the nodes (CNI BGP: each node needs the others' pod blocks). */
  readonly routeReflector: boolean;
  /**
   * Routes the router learns over eBGP from AWS (VPN with BGP) go to the nodes with the router as
   * next hop: the AWS tunnel addresses (169.254.x.x) are unreachable from the nodes. Without
   * `force`, so the pod routes reflected between nodes keep the announcing node as next hop.
   */
  readonly nextHopSelf: boolean;
  /** Install equal-cost paths from this many nodes (MetalLB announces a Service from every node). */
  readonly maximumPathsIbgp?: number;
  readonly neighbors: readonly { readonly address: string; readonly node: string }[];
  readonly keepaliveSeconds: number;
  readonly holdtimeSeconds: number;
}

/** The router's routing towards the nodes. */
export interface RouterRouting {
  /** Static pod routes (static CNI routing); none when the CNI announces pod blocks over BGP. */
  readonly staticRoutes: readonly RouterStaticRoute[];
  /** BGP with the nodes, when the CNI or MetalLB speaks BGP. */
  readonly bgp?: RouterBgp;
}

/** FRR's usual multipath limit (MULTIPATH_NUM); VyOS allows more. */
const MAX_ECMP_PATHS = 64;

/** The router's routing for the plan. */
export function routerRouting(plan: NetworkPlan): RouterRouting {
  const staticRoutes =
    plan.cni.routing === "static" ? plan.onPremRoutes.map((r) => ({ cidr: r.cidr, nextHop: r.nextHop, node: r.node })) : [];
  const cniBgp = plan.cni.routing === "bgp";
  const metallbBgp = plan.loadBalancing.metallb?.mode === "bgp";
  if (!cniBgp && !metallbBgp) return { staticRoutes };
  return {
    staticRoutes,
    bgp: {
      purpose: cniBgp ? "cni" : "metallb",
      // iBGP: the router's AS is the cluster's (plan.cni.localAsn = router.asn).
      asn: plan.router.asn,
      routerId: plan.router.address,
      routeReflector: cniBgp,
      nextHopSelf: plan.vpn.routing === "bgp",
      maximumPathsIbgp: cniBgp ? undefined : Math.min(plan.nodes.length, MAX_ECMP_PATHS),
      neighbors: plan.nodes.map((n) => ({ address: n.ip, node: n.name })),
      keepaliveSeconds: BGP_TIMERS.keepaliveSeconds,
      holdtimeSeconds: BGP_TIMERS.holdSeconds,
    },
  };
}
