/**
 * The article's "redistribute the static routes to the rest of the network": an option
 * (`router.redistributeStatic`) that hands the router's per-node pod routes to the on-prem routing
 * protocol the user names — OSPF on the node network, or the router's BGP. Only the pod blocks
 * pass (prefix list and route map `POD-ROUTES`): the VPN's static routes to the VPC stay local.
 */
import { NetworkPlan } from "../../plan";

/** What the router redistributes, and where. */
export interface RouterRedistribution {
  readonly protocol: "ospf" | "bgp";
  /** OSPF: the area of the node network interfaces. */
  readonly area: string;
  /** OSPF: the networks whose interfaces join the area (the node CIDRs). */
  readonly networks: readonly string[];
  /** The pod CIDRs: every static route inside one of them (`le 32`) is redistributed. */
  readonly podCidrs: readonly string[];
  readonly routerId: string;
  /** The router's BGP AS (BGP redistribution). */
  readonly asn: number;
}

/** The redistribution of the plan, when configured and there are static pod routes. */
export function routerRedistribution(plan: NetworkPlan): RouterRedistribution | undefined {
  const r = plan.router.redistributeStatic;
  if (!r || plan.cni.routing !== "static") return undefined;
  return {
    protocol: r.protocol,
    area: r.area,
    networks: plan.remote.nodeCidrs,
    podCidrs: plan.remote.podCidrs,
    routerId: plan.router.address,
    asn: plan.router.asn,
  };
}

/** Name of the prefix list and route map that select the pod routes. */
export const POD_ROUTES = "POD-ROUTES";

/** VyOS commands (BGP redistribution relies on the `system-as` the file states once). */
export function vyosRedistributionCommands(r: RouterRedistribution): string[] {
  const out: string[] = [];
  r.podCidrs.forEach((c, i) => {
    const rule = `set policy prefix-list ${POD_ROUTES} rule ${(i + 1) * 10}`;
    out.push(`${rule} action 'permit'`, `${rule} prefix '${c}'`, `${rule} le '32'`);
  });
  out.push(
    `set policy route-map ${POD_ROUTES} rule 10 action 'permit'`,
    `set policy route-map ${POD_ROUTES} rule 10 match ip address prefix-list '${POD_ROUTES}'`,
  );
  if (r.protocol === "ospf") {
    out.push(`set protocols ospf parameters router-id '${r.routerId}'`);
    for (const n of r.networks) out.push(`set protocols ospf area '${r.area}' network '${n}'`);
    out.push(`set protocols ospf redistribute static route-map '${POD_ROUTES}'`);
  } else {
    out.push(`set protocols bgp address-family ipv4-unicast redistribute static route-map '${POD_ROUTES}'`);
  }
  return out;
}

/** FRR lines outside `router bgp`: the prefix list, the route map and (OSPF) `router ospf`. */
export function frrRedistributionLines(r: RouterRedistribution): string[] {
  const out = r.podCidrs.map((c, i) => `ip prefix-list ${POD_ROUTES} seq ${(i + 1) * 10} permit ${c} le 32`);
  out.push(`route-map ${POD_ROUTES} permit 10`, ` match ip address prefix-list ${POD_ROUTES}`, "exit");
  if (r.protocol === "ospf") {
    out.push("!", "router ospf", ` ospf router-id ${r.routerId}`);
    for (const n of r.networks) out.push(` network ${n} area ${r.area}`);
    out.push(` redistribute static route-map ${POD_ROUTES}`, "exit");
  }
  return out;
}
