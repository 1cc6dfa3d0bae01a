/**
 * Remote networks must be routable from AWS: every remote node and pod CIDR has a route to the
 * Transit Gateway (or a virtual private gateway) in the VPC route tables that route remote
 * traffic at all, and, when the VPN uses static routes, a static route on the Transit Gateway.
 */
import { Cidr, contains } from "../cidr";
import { Problem } from "./problem";

/** A remote network that must be reachable. */
export interface RemoteNetwork {
  /** Where it is declared, e.g. `hybrid-dev: remoteNetworkConfig.remotePodNetworks.cidrs[0]`. */
  readonly key: string;
  /** `remote node CIDR` or `remote pod CIDR`. */
  readonly role: string;
  readonly cidr: Cidr;
}

/** A route table and its routes towards a TGW or VGW (other targets are left out). */
export interface GatewayRouteTable {
  /** Name of the table for messages. */
  readonly label: string;
  /** Destinations routed to a Transit Gateway or virtual private gateway. */
  readonly destinations: readonly Cidr[];
  /** Whether a VGW propagates its routes into the table (BGP-learned remote networks). */
  readonly vgwPropagation?: boolean;
}

function covered(destinations: readonly Cidr[], c: Cidr): boolean {
  return destinations.some((d) => contains(d, c));
}

/**
 * Each remote network must be routed by at least one table, and every table that routes any
 * remote network to the gateway must route all of them (a table missing the pod CIDR silently
 * breaks webhooks from the subnets behind it). `consistency: false` checks only the first part
 * (when some routes' tables are not known yet).
 */
export function checkRemoteRoutes(
  remote: readonly RemoteNetwork[],
  tables: readonly GatewayRouteTable[],
  opts: { consistency?: boolean } = {},
): Problem[] {
  const problems: Problem[] = [];
  const routing = tables.filter((t) => t.vgwPropagation || remote.some((r) => covered(t.destinations, r.cidr)));
  for (const r of remote) {
    if (routing.length === 0 || !routing.some((t) => t.vgwPropagation || covered(t.destinations, r.cidr))) {
      problems.push({
        key: r.key,
        value: r.cidr.text,
        rule: `(${r.role}) has no route to a Transit Gateway or virtual private gateway in any VPC route table; the control plane cannot reach it`,
      });
      continue;
    }
    for (const t of opts.consistency === false ? [] : routing) {
      if (!t.vgwPropagation && !covered(t.destinations, r.cidr)) {
        problems.push({
          key: r.key,
          value: r.cidr.text,
          rule: `(${r.role}) has no route to the Transit Gateway or VGW in route table ${t.label}, which routes other remote networks there`,
        });
      }
    }
  }
  return problems;
}

/** With a static-routes VPN on a Transit Gateway, each remote network needs a TGW static route. */
export function checkStaticVpnRoutes(remote: readonly RemoteNetwork[], staticRoutes: readonly Cidr[], vpnLabel: string): Problem[] {
  return remote
    .filter((r) => !covered(staticRoutes, r.cidr))
    .map((r) => ({
      key: r.key,
      value: r.cidr.text,
      rule: `(${r.role}) has no Transit Gateway static route, but VPN ${vpnLabel} uses static routes (staticRoutesOnly), so the Transit Gateway cannot learn it`,
    }));
}
