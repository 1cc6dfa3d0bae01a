/**
 * Control-plane ports (443 API server, 10250 kubelet) must never be open to the whole Internet:
 * hybrid nodes reach them over the VPN, from the remote node and pod CIDRs.
 */
import { Problem } from "./problem";

/** The API server and kubelet ports. */
export const CONTROL_PORTS = [443, 10250] as const;

/** An ingress rule as the check sees it. */
export interface IngressRule {
  /** Where the rule is declared, e.g. `ingress[0]`. */
  readonly key: string;
  /** Protocol as AWS spells it (`tcp`, `6`, `-1`, `all`). */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** IPv4 and IPv6 sources. */
  readonly sources: readonly string[];
}

const WORLD = ["0.0.0.0/0", "::/0"];

/** Whether a protocol can carry TCP. */
function carriesTcp(protocol: string): boolean {
  return ["tcp", "6", "-1", "all"].includes(protocol.toLowerCase());
}

export function checkWorldOpenPorts(rule: IngressRule, ports: readonly number[] = CONTROL_PORTS): Problem[] {
  const open = rule.sources.filter((s) => WORLD.includes(s.trim()));
  if (!open.length || !carriesTcp(rule.protocol)) return [];
  const allPorts = ["-1", "all"].includes(rule.protocol.toLowerCase()) || rule.fromPort === undefined;
  const from = allPorts ? 0 : rule.fromPort!;
  const to = allPorts ? 65535 : (rule.toPort ?? rule.fromPort!);
  const hit = ports.filter((p) => (from <= p && p <= to) || (from === -1 && to === -1));
  if (!hit.length) return [];
  const range = allPorts ? "all ports" : from === to ? `port ${from}` : `ports ${from}-${to}`;
  return open.map((src) => ({
    key: rule.key,
    value: `${src} ${range}`,
    rule: `opens ${hit.join(" and ")} (control-plane port${hit.length > 1 ? "s" : ""}) to the whole Internet; allow the remote node and pod CIDRs instead`,
  }));
}
