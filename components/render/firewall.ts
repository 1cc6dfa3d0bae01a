/**
 * The on-prem firewall list, from the plan's flow list (`components/plan/flows.ts`: the flows
 * enforced by `onprem-firewall`):
 * - `firewall.md`: a markdown table for people (source, destination, protocol, port, why, flow id);
 * - `firewall.json`: the same rows for machines (the lab's twin loads it into nftables behind a
 *   default drop). Format: `FirewallFile` below, documented in the README. Pure.
 */
import { NetworkPlan } from "../plan";
import { FlowEnd, flowsFor, FlowProtocol, NetworkFlow } from "../plan/flows";

/** One allowed flow, as `firewall.md` shows it. */
export interface Flow {
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly port: string;
  readonly why: string;
  /** The flow's id in `flowsFor(plan)`. */
  readonly flowId: string;
}

/** Version tag of `firewall.json`; bump on an incompatible change. */
export const FIREWALL_JSON_FORMAT = "eks-hybrid-network/firewall/v1";

/** One rule of `firewall.json`: allow `protocols` from `from` to `to` on `ports`. */
export interface FirewallRule {
  /** The flow id (`flowsFor(plan)`); stable across runs. */
  readonly flow: string;
  /** Initiator: addresses (CIDRs, single IPs, `a-b` ranges), DNS names, placeholders; all empty = any. */
  readonly from: FlowEnd;
  /** Responder, same shape. */
  readonly to: FlowEnd;
  /** `tcp`, `udp`, `icmp`, `esp` (IP protocol 50). */
  readonly protocols: readonly FlowProtocol[];
  /** Destination ports; empty = any port (tcp/udp) or not applicable (icmp/esp). */
  readonly ports: readonly number[];
  /** ICMP types (nftables names) for `icmp`. */
  readonly icmpTypes: readonly string[];
  /** `install` (nodeadm install/upgrade only) or `ongoing`. */
  readonly phase: "install" | "ongoing";
  readonly why: string;
  /** The document that states the flow. */
  readonly source: string;
}

/** `firewall.json`. */
export interface FirewallFile {
  readonly format: typeof FIREWALL_JSON_FORMAT;
  readonly cluster: string;
  /** Everything not allowed by a rule is dropped. */
  readonly defaultPolicy: "drop";
  /** Rules allow new connections; replies (established, related) are implied. */
  readonly stateful: true;
  readonly rules: readonly FirewallRule[];
}

/** The flows the on-prem firewall must allow. */
export function firewallFlowList(plan: NetworkPlan, flows: readonly NetworkFlow[] = flowsFor(plan)): NetworkFlow[] {
  return flows.filter((f) => f.enforcedBy.includes("onprem-firewall"));
}

const list = (xs: readonly string[]) => xs.join(", ");

function endText(e: FlowEnd): string {
  const all = [...e.addresses, ...e.hosts, ...e.placeholders];
  if (all.length === 0) return `any (${e.label})`;
  if (e.hosts.length > 0 || e.placeholders.length > 0) return `${list(all)} (${e.label})`;
  return list(all);
}

const PROTOCOL: Record<FlowProtocol, string> = { tcp: "TCP", udp: "UDP", icmp: "ICMP", esp: "ESP (IP 50)" };

function portText(f: NetworkFlow): string {
  if (f.ports.length > 0) return f.ports.join(", ");
  if (f.icmpTypes?.includes("echo-request")) return "echo (type 8/0)";
  return f.portsLabel ?? (f.protocols.includes("esp") ? "-" : "any");
}

/** Every firewall row, in the order the table lists them. */
export function firewallFlows(plan: NetworkPlan, flows?: readonly NetworkFlow[]): Flow[] {
  return firewallFlowList(plan, flows).map((f) => ({
    source: endText(f.from),
    destination: endText(f.to),
    protocol: f.protocols.map((p) => PROTOCOL[p]).join(" and "),
    port: portText(f),
    why: f.phase === "install" ? `${f.why} (install and upgrade)` : f.why,
    flowId: f.id,
  }));
}

/** `firewall.json`: the machine-readable list. */
export function firewallFile(plan: NetworkPlan, flows?: readonly NetworkFlow[]): FirewallFile {
  return {
    format: FIREWALL_JSON_FORMAT,
    cluster: plan.cluster.name,
    defaultPolicy: "drop",
    stateful: true,
    rules: firewallFlowList(plan, flows).map((f) => ({
      flow: f.id,
      from: f.from,
      to: f.to,
      protocols: f.protocols,
      ports: f.ports,
      icmpTypes: f.icmpTypes ?? [],
      phase: f.phase,
      why: f.why,
      source: f.source,
    })),
  };
}

/** The JSON text of `firewall.json`. */
export function renderFirewallJson(plan: NetworkPlan): string {
  return `${JSON.stringify(firewallFile(plan), null, 2)}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The markdown file. */
export function renderFirewall(plan: NetworkPlan): string {
  const rows = firewallFlows(plan).map(
    (f) => `| ${[f.source, f.destination, f.protocol, f.port, f.why, f.flowId].map(cell).join(" | ")} |`,
  );
  return [
    `# On-prem firewall flows for ${plan.cluster.name}`,
    "",
    "Allow these flows (stateful: replies are implied). Values in `<…>` are known only after AWS",
    "creates them; read them from the stack outputs. Names are AWS service endpoints: allow them by",
    "name (proxy, DNS-aware firewall) or by the AWS IP ranges of the Region. The same list, for",
    "machines, is `firewall.json`; the Flow column is the id both files and the security group use.",
    "",
    "| Source | Destination | Protocol | Port | Why | Flow |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
