/**
 * Hybrid node addressing: node IPs inside the remote node CIDRs (the kubelet's `--node-ip`),
 * unique, not a network or broadcast address; node names unique; the router on the node network.
 */
import { Cidr, containsIp, formatIpv4, parseIpv4 } from "../cidr";
import { Keyed, Problem } from "./problem";

/** A node as the rules see it. */
export interface NodeAddress {
  /** Key of the node's name, e.g. `nodes[0].name`. */
  readonly nameKey: string;
  readonly name: string;
  /** Key of the node's IP. */
  readonly ipKey: string;
  readonly ip: string;
  /** Kubernetes name of an already-registered node (e.g. an SSM `mi-…` id), when given. */
  readonly registeredName?: string;
  /** Key of the registered name. */
  readonly registeredNameKey?: string;
}

/** Check node IPs and names; returns the parsed IP of each node that parsed, by name. */
export function checkNodes(nodes: readonly NodeAddress[], nodeCidrs: readonly Cidr[]): { problems: Problem[]; ips: Map<string, number> } {
  const problems: Problem[] = [];
  const ips = new Map<string, number>();
  const byName = new Map<string, string>();
  const byRegistered = new Map<string, string>();
  const byIp = new Map<number, string>();
  for (const n of nodes) {
    const dupName = byName.get(n.name);
    if (dupName !== undefined)
      problems.push({ key: n.nameKey, value: n.name, rule: `is also the name of ${dupName}; node names must be unique` });
    else byName.set(n.name, n.nameKey);
    if (n.registeredName !== undefined) {
      const dup = byRegistered.get(n.registeredName);
      const at = n.registeredNameKey ?? `${n.nameKey}(registeredName)`;
      if (dup !== undefined)
        problems.push({
          key: at,
          value: n.registeredName,
          rule: `is also the registered name of ${dup}; two entries would patch the same Kubernetes node`,
        });
      else byRegistered.set(n.registeredName, n.name);
    }

    const p = parseIpv4(n.ip);
    if (!p.ok) {
      problems.push({ key: n.ipKey, value: n.ip, rule: `${p.reason}; node IPs must be IPv4 addresses` });
      continue;
    }
    const ipProblems = checkAddressInNodeNetwork({ key: n.ipKey, value: n.ip }, p.value, nodeCidrs, "node IP");
    problems.push(...ipProblems);
    const dupIp = byIp.get(p.value);
    if (dupIp !== undefined) problems.push({ key: n.ipKey, value: n.ip, rule: `is also the IP of ${dupIp}; node IPs must be unique` });
    else byIp.set(p.value, n.name);
    ips.set(n.name, p.value);
  }
  return { problems, ips };
}

/** An address must be a usable host address inside one of the node CIDRs. */
export function checkAddressInNodeNetwork(at: Keyed, ip: number, nodeCidrs: readonly Cidr[], what: string): Problem[] {
  if (nodeCidrs.length === 0) return [];
  const home = nodeCidrs.find((c) => containsIp(c, ip));
  if (!home) {
    return [
      {
        key: at.key,
        value: at.value,
        rule: `is outside the remote node CIDRs (${nodeCidrs.map((c) => c.text).join(", ")}); the ${what} must be on the node network`,
      },
    ];
  }
  if (home.prefix <= 30 && (ip === home.first || ip === home.last)) {
    const which = ip === home.first ? "network" : "broadcast";
    return [
      {
        key: at.key,
        value: at.value,
        rule: `is the ${which} address of ${home.text}; the ${what} must be a host address (${formatIpv4(home.first + 1)}–${formatIpv4(home.last - 1)})`,
      },
    ];
  }
  return [];
}
