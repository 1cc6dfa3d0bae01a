/**
 * The on-prem firewall in the twin: `firewall.json` (format `eks-hybrid-network/firewall/v1`,
 * one row per flow of `components/plan/flows.ts`) loaded into nftables on the router's forward
 * path, stateful, default drop, for traffic that crosses the site's edge (the tunnels `vti1`/
 * `vti2`, the uplink `wan0` and the office network `cl0`); routing inside the node LAN is not
 * the edge firewall's.
 * Placeholders are filled with the twin's values (`<eks.endpoint>`: the public endpoint); rows
 * that name only DNS hosts (AWS service endpoints) have no address in the twin and are left out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { FlowEnd } from "../components/plan/flow-types";
import type { FirewallFile, FirewallRule } from "../components/render/firewall";
import { loadNft } from "./sys";
import { droppedIn } from "./twin-hosts";
import { TwinTopology } from "./twin-topology";
import { Topology } from "./types";

/** What the twin reads of a `firewall.json` rule (the renderer's type; a hand-edited copy needs no more). */
export type FirewallRow = Pick<FirewallRule, "flow" | "from" | "to" | "protocols" | "ports" | "icmpTypes">;

/** What the twin reads of `firewall.json`. */
export type FirewallList = Pick<FirewallFile, "format" | "defaultPolicy"> & { readonly rules: readonly FirewallRow[] };

/** The site's edges: the tunnels, the uplink, and the office network (`cl0`, the lab's client segment). */
const EDGE = '{ "vti1", "vti2", "wan0", "cl0" }';

/** The addresses of an endpoint in the twin; undefined = any; [] = none known in the twin. */
function addresses(e: FlowEnd, t: TwinTopology): string[] | undefined {
  if (!e.addresses.length && !e.hosts.length && !e.placeholders.length) return undefined;
  const filled = e.placeholders.flatMap((p) => (p === "<eks.endpoint>" ? [t.isp.publicEndpoint] : []));
  return [...e.addresses, ...filled];
}

/** The nftables ruleset for the router. */
export function firewallRuleset(fw: FirewallList, t: TwinTopology): string {
  if (fw.format !== "eks-hybrid-network/firewall/v1")
    throw new Error(`firewall.json: format ${fw.format} is not eks-hybrid-network/firewall/v1`);
  const rows: string[] = [];
  for (const r of fw.rules) {
    const from = addresses(r.from, t);
    const to = addresses(r.to, t);
    if ((from && !from.length) || (to && !to.length)) continue; // DNS-named or AWS-only endpoints
    const set = (a: string[]) => `{ ${a.join(", ")} }`;
    const match = `${from ? `ip saddr ${set(from)} ` : ""}${to ? `ip daddr ${set(to)} ` : ""}`;
    for (const p of r.protocols) {
      const ports = (p === "tcp" || p === "udp") && r.ports.length ? `${p} dport { ${r.ports.join(", ")} }` : `meta l4proto ${p}`;
      rows.push(`    ${match}${ports} counter accept comment "${r.flow}"`);
    }
  }
  return [
    "table ip onprem_firewall {",
    "  set drops { type ipv4_addr . ipv4_addr . inet_service; flags dynamic; }",
    "  chain forward {",
    `    type filter hook forward priority 0; policy ${fw.defaultPolicy === "drop" ? "drop" : "accept"};`,
    "    ct state established,related accept",
    `    iifname != ${EDGE} oifname != ${EDGE} accept`,
    ...rows,
    "    meta l4proto { tcp, udp } add @drops { ip saddr . ip daddr . th dport }",
    '    counter comment "no firewall row"',
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Load the firewall into the router's namespace. */
export function loadFirewall(fw: FirewallList, t: TwinTopology, lab: Topology, dir: string): void {
  const file = path.join(dir, "firewall.nft");
  fs.writeFileSync(file, firewallRuleset(fw, t));
  loadNft(lab.router.ns, file);
}

/** TCP connections and UDP flows (`src|dst|port`) the firewall dropped (no row matched). */
export function firewallDropped(lab: Topology): Promise<Set<string>> {
  return droppedIn(lab.router.ns, "onprem_firewall", "drops");
}
