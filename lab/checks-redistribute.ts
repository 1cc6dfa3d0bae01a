/**
 * `router.redistributeStatic`: the router hands every node's pod route to the on-prem protocol
 * the user named, and nothing else (the route map passes only the pod blocks). OSPF: each block
 * is an external LSA (type 5) the router originates; BGP: each block is in the router's BGP
 * table as a redistributed (origin incomplete) local route. No other prefix is redistributed.
 */
import { NetworkPlan } from "../components/plan";
import { vtyJson, waitFor } from "./daemons";
import { CheckResult, Topology } from "./types";

async function redistributed(protocol: "ospf" | "bgp", dir: string): Promise<string[]> {
  if (protocol === "ospf") {
    const db = (await vtyJson(dir, "ospfd", "show ip ospf database external json")) ?? {};
    const lsas = (db.asExternalLinkStates ?? []) as { linkStateId?: string; networkMask?: number }[];
    return lsas.map((l) => `${l.linkStateId}/${l.networkMask}`);
  }
  // A redistributed route: origin incomplete, from no peer (it keeps the static route's next hop).
  const routes = ((await vtyJson(dir, "bgpd", "show ip bgp json"))?.routes ?? {}) as Record<string, { origin?: string; peerId?: string }[]>;
  return Object.entries(routes)
    .filter(([, paths]) =>
      paths.some((p) => p.origin?.toLowerCase() === "incomplete" && (p.peerId === undefined || p.peerId === "(unspec)")),
    )
    .map(([prefix]) => prefix);
}

/** The redistribution checks, or none when the option is off. */
export async function redistributionChecks(plan: NetworkPlan, t: Topology, dir: string, waitMs: number): Promise<CheckResult[]> {
  const r = plan.router.redistributeStatic;
  if (!r || plan.cni.routing !== "static") return [];
  const want = t.nodes.map((n) => n.plannedBlock);
  await waitFor(async () => ((got) => want.every((b) => got.includes(b)))(await redistributed(r.protocol, dir)), waitMs, 200);
  const seen = await redistributed(r.protocol, dir);
  const section = `redistribution into ${r.protocol.toUpperCase()}`;
  return [
    ...t.nodes.map((n) => ({
      section,
      check: `${n.name}'s block ${n.plannedBlock} is redistributed`,
      pass: seen.includes(n.plannedBlock),
      expected: r.protocol === "ospf" ? "an external LSA" : "a redistributed BGP route",
      seen: seen.includes(n.plannedBlock) ? "yes" : `no (redistributed: ${seen.join(", ") || "nothing"})`,
    })),
    {
      section,
      check: "nothing but the pod blocks is redistributed (route map POD-ROUTES)",
      pass: seen.every((p) => want.includes(p)),
      expected: "only pod blocks",
      seen: seen.filter((p) => !want.includes(p)).join(", ") || "only pod blocks",
    },
  ];
}
