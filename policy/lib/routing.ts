/**
 * The route tables of a hybrid cluster's subnets as the routing policy sees them: per table, its
 * routes (inline `routes`, `aws:ec2/route:Route` resources, VGW propagation), each with what it
 * targets — a Transit Gateway, a virtual private gateway, something else, or not yet known.
 * A subnet without an explicit association uses its VPC's main route table.
 */
import { Cidr, contains } from "../../components/plan/cidr";
import { networkOf } from "./cidr-text";
import { isUnknown, known, str } from "./props";
import { Plain, T } from "./stack";
import type { StackIndex } from "./stack-index";

/** What a route sends traffic to. */
export type RouteTarget =
  | { kind: "tgw" | "vgw"; label: string; key: string; gw?: Plain }
  | { kind: "other" }
  /** Unknown in preview: could be a gateway. */
  | { kind: "unknown" };

/** One route: its destination (a CIDR, or unknown / a managed prefix list) and target. */
export interface RouteEntry {
  readonly dest: Cidr | "unknown" | "prefix-list";
  readonly target: RouteTarget;
}

/** A route table (or a VPC's implicit main table) with its routes. */
export interface TableRoutes {
  /** The resource to change: the RouteTable, DefaultRouteTable, or the VPC of an implicit main table. */
  readonly res: Plain;
  readonly label: string;
  readonly routes: RouteEntry[];
  /** A VGW propagates its (BGP-learned) routes into the table. */
  vgwPropagation: boolean;
  /** The propagating VGWs found in the stack. */
  readonly propagating: Plain[];
  /** The inline route list is unknown in preview: nothing can be said about the table. */
  routesUnknown: boolean;
}

const TABLE_TYPES = [T.routeTable, T.defaultRouteTable];

/** Classify a route's target from its fields (same names inline and on aws:ec2/route:Route). */
function target(ix: StackIndex, owner: Plain, depKey: string, route: any): RouteTarget {
  const tgw = route.transitGatewayId;
  if (isUnknown(tgw) || (typeof tgw === "string" && tgw !== "")) {
    const gw = ix.refs(owner, depKey, tgw, [T.tgw])[0];
    return {
      kind: "tgw",
      key: "transitGatewayId",
      gw,
      label: `Transit Gateway ${gw?.name ?? (typeof tgw === "string" ? tgw : "(id unknown in preview)")}`,
    };
  }
  const gw = route.gatewayId;
  if (isUnknown(gw) || (typeof gw === "string" && gw !== "")) {
    const vgw = ix.refs(owner, depKey, gw, [T.vpnGateway])[0];
    if (vgw || (typeof gw === "string" && gw.startsWith("vgw-")))
      return { kind: "vgw", key: "gatewayId", gw: vgw, label: `virtual private gateway (VGW) ${vgw?.name ?? gw}` };
    const other = ix.refs(owner, depKey, gw, [T.igw])[0];
    if (other || typeof gw === "string") return { kind: "other" };
    return { kind: "unknown" };
  }
  return { kind: "other" };
}

function entry(ix: StackIndex, owner: Plain, depKey: string, route: any, destKey: string): RouteEntry {
  const d = route[destKey];
  const pl = route.destinationPrefixListId;
  const text = str(d);
  const dest = isUnknown(text)
    ? "unknown"
    : typeof text === "string" && text
      ? (networkOf(text) ?? "unknown")
      : pl
        ? "prefix-list"
        : "unknown";
  return { dest, target: target(ix, owner, depKey, route) };
}

/** Every table the stack defines, with routes resolved to their tables; plus routes whose table is not known. */
export function routeTables(ix: StackIndex): { tables: Map<Plain, TableRoutes>; mainOf: Map<Plain, TableRoutes>; unplaced: RouteEntry[] } {
  const tables = new Map<Plain, TableRoutes>();
  for (const t of ix.of(...TABLE_TYPES)) {
    const tr: TableRoutes = {
      res: t,
      label: `${t.name}`,
      routes: known<any>(t.p.routes).map(({ value }) => entry(ix, t, "routes", value, "cidrBlock")),
      vgwPropagation: known(t.p.propagatingVgws).length > 0 || isUnknown(t.p.propagatingVgws),
      propagating: ix.deps(t, "propagatingVgws", [T.vpnGateway]),
      routesUnknown: isUnknown(t.p.routes) || (Array.isArray(t.p.routes) && t.p.routes.some(isUnknown)),
    };
    tables.set(t, tr);
  }
  // Main tables: a MainRouteTableAssociation's table, a DefaultRouteTable, or the implicit one.
  const mainOf = new Map<Plain, TableRoutes>();
  for (const v of ix.of(T.vpc))
    mainOf.set(v, {
      res: v,
      label: `the main route table of VPC ${v.name}`,
      routes: [],
      vgwPropagation: false,
      propagating: [],
      routesUnknown: false,
    });
  for (const d of ix.of(T.defaultRouteTable))
    for (const v of ix.refs(d, "defaultRouteTableId", undefined, [T.vpc])) mainOf.set(v, tables.get(d)!);
  for (const m of ix.of(T.mainRouteTableAssociation)) {
    const t = ix.refs(m, "routeTableId", m.p.routeTableId, TABLE_TYPES)[0];
    for (const v of ix.refs(m, "vpcId", m.p.vpcId, [T.vpc])) mainOf.set(v, t ? tables.get(t)! : { ...mainOf.get(v)!, routesUnknown: true });
  }
  const tableOf = (r: Plain): TableRoutes | undefined => {
    const t = ix.refs(r, "routeTableId", r.p.routeTableId, TABLE_TYPES)[0];
    if (t) return tables.get(t);
    // A route into `vpc.mainRouteTableId` depends on the VPC.
    const v = ix.refs(r, "routeTableId", undefined, [T.vpc])[0] ?? ix.of(T.vpc).find((x) => x.p.mainRouteTableId === r.p.routeTableId);
    return v ? mainOf.get(v) : undefined;
  };
  const unplaced: RouteEntry[] = [];
  for (const r of ix.of(T.route)) {
    const e = entry(ix, r, r.p.transitGatewayId !== undefined ? "transitGatewayId" : "gatewayId", r.p, "destinationCidrBlock");
    const t = tableOf(r);
    if (t) t.routes.push(e);
    else unplaced.push(e);
  }
  for (const pr of ix.of(T.vgwPropagation)) {
    const t = tableOf(pr);
    if (t) {
      t.vgwPropagation = true;
      t.propagating.push(...ix.refs(pr, "vpnGatewayId", pr.p.vpnGatewayId, [T.vpnGateway]));
    } else unplaced.push({ dest: "unknown", target: { kind: "unknown" } });
  }
  return { tables, mainOf, unplaced };
}

/** The table a subnet uses: its explicit association's, else its VPC's main table; undefined when not known. */
export function subnetTable(
  ix: StackIndex,
  subnet: Plain,
  rt: ReturnType<typeof routeTables>,
  associations: readonly Plain[],
): TableRoutes | undefined {
  const assoc = associations.filter((a) => ix.refs(a, "subnetId", a.p.subnetId, [T.subnet]).includes(subnet));
  if (assoc.length) {
    const t = ix.refs(assoc[0], "routeTableId", assoc[0].p.routeTableId, TABLE_TYPES)[0];
    return t ? rt.tables.get(t) : undefined;
  }
  const vpc = ix.refs(subnet, "vpcId", subnet.p.vpcId, [T.vpc])[0];
  return vpc ? rt.mainOf.get(vpc) : undefined;
}

/** How a table serves a remote CIDR: routed to a gateway, maybe (unknowns), or not at all. */
export function coverage(
  t: TableRoutes,
  c: Cidr,
  unplaced: readonly RouteEntry[],
): { kind: "routed"; via: RouteTarget } | { kind: "maybe" | "missing" } {
  if (t.vgwPropagation)
    return { kind: "routed", via: { kind: "vgw", key: "propagatingVgws", label: "virtual private gateway (VGW) route propagation" } };
  const hit = t.routes.find(
    (r) => (r.target.kind === "tgw" || r.target.kind === "vgw") && typeof r.dest === "object" && contains(r.dest, c),
  );
  if (hit) return { kind: "routed", via: hit.target };
  // A gateway route whose destination is not known (or a prefix list), or a route whose target is not known.
  const maybe = (r: RouteEntry) =>
    (typeof r.dest !== "object" && r.target.kind !== "other") ||
    (r.target.kind === "unknown" && typeof r.dest === "object" && contains(r.dest, c));
  // A route whose table is not known yet could be this table's.
  const elsewhere = (r: RouteEntry) => r.target.kind !== "other" && (typeof r.dest !== "object" || contains(r.dest, c));
  if (t.routesUnknown || t.routes.some(maybe) || unplaced.some(elsewhere)) return { kind: "maybe" };
  return { kind: "missing" };
}
