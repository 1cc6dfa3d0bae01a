/**
 * Route tables of a stack as the routing rule sees them: per table, the destinations routed to a
 * Transit Gateway or virtual private gateway, and whether a VGW propagates routes into it.
 */
import { Cidr, parseCidr } from "../../components/plan/cidr";
import { GatewayRouteTable } from "../../components/plan/rules";
import { isUnknown, known, str } from "./props";
import { ofType, Plain, T } from "./stack";

/** Whether a `gatewayId` is a virtual private gateway: by id, or by what the property depends on. */
function isVgw(id: unknown, r: Plain, prop: string): boolean {
  const deps = r.propertyDependencies?.[prop] ?? [];
  if (deps.some((d) => d.type === T.vpnGateway)) return true;
  return typeof id === "string" && id.startsWith("vgw-");
}

/** A set transitGatewayId (even one unknown in preview) targets a TGW. */
function isTgw(id: unknown): boolean {
  return isUnknown(id) || (typeof id === "string" && id !== "");
}

function dest(v: unknown): Cidr | undefined {
  const t = str(v);
  if (typeof t !== "string") return undefined;
  const p = parseCidr(t);
  return p.ok ? p.value : undefined;
}

/** A table's identity: its id when known, else the RouteTable it depends on, else undefined. */
function tableKey(r: Plain): string | undefined {
  const id = r.p.routeTableId;
  if (typeof id === "string") return id;
  const dep = r.propertyDependencies?.routeTableId?.[0] as { urn?: string } | undefined;
  return dep?.urn;
}

export function gatewayRouteTables(resources: readonly Plain[]): { tables: GatewayRouteTable[]; unplaced: Cidr[]; any: boolean } {
  const tables = new Map<string, { label: string; destinations: Cidr[]; vgwPropagation: boolean }>();
  const table = (key: string, label: string) => {
    if (!tables.has(key)) tables.set(key, { label, destinations: [], vgwPropagation: false });
    return tables.get(key)!;
  };
  const unplaced: Cidr[] = [];
  const rts = ofType(resources, T.routeTable);
  for (const rt of rts) {
    const t = table(rt.urn, rt.name);
    for (const { value } of known<any>(rt.p.routes)) {
      const d = dest(value.cidrBlock);
      if (d && (isTgw(value.transitGatewayId) || (typeof value.gatewayId === "string" && value.gatewayId.startsWith("vgw-"))))
        t.destinations.push(d);
    }
    if (known(rt.p.propagatingVgws).length || isUnknown(rt.p.propagatingVgws)) t.vgwPropagation = true;
  }
  // Route resources name their table by id (or, in preview, by the table they depend on).
  const routes = ofType(resources, T.route);
  for (const r of routes) {
    const d = dest(r.p.destinationCidrBlock);
    if (!d || !(isTgw(r.p.transitGatewayId) || isVgw(r.p.gatewayId, r, "gatewayId"))) continue;
    const key = tableKey(r);
    if (key === undefined) unplaced.push(d);
    else table(key, key).destinations.push(d);
  }
  for (const pr of ofType(resources, T.vgwPropagation)) {
    const key = tableKey(pr);
    if (key !== undefined) table(key, key).vgwPropagation = true;
  }
  return { tables: [...tables.values()], unplaced, any: rts.length + routes.length > 0 };
}
