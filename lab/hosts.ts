/**
 * Builds and removes the lab's hosts: namespaces, the LAN bridge (in its own namespace, so
 * nothing is added to the machine's own network), veth links, addresses and default routes.
 */
import { Topology } from "./types";
import { deleteNamespace, ipn, must, namespacesWithPrefix, pidAlive } from "./sys";
import { probeAddress, stackPrefix } from "./topology";
import { twinNamespaces } from "./twin-topology";

/** Every namespace of a topology. */
export function namespacesOf(t: Topology): string[] {
  return [t.lan.ns, t.router.ns, t.client.ns, t.office.ns, ...t.nodes.map((n) => n.ns), ...(t.twin ? twinNamespaces(t.twin) : [])];
}

function addNamespace(ns: string): void {
  must("ip", ["netns", "add", ns]);
  ipn(ns, "link", "set", "lo", "up");
}

function sysctl(ns: string, key: string, value: string | number): void {
  must("ip", ["netns", "exec", ns, "sysctl", "-q", "-w", `${key}=${value}`]);
}

/** Plug a new host namespace into the LAN bridge as `eth0` with `ip/prefixLen`. */
function plug(t: Topology, ns: string, port: string, ip: string, prefixLen: number): void {
  ipn(t.lan.ns, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
  ipn(t.lan.ns, "link", "set", port, "master", t.lan.bridge, "up");
  ipn(ns, "addr", "add", `${ip}/${prefixLen}`, "dev", "eth0");
  ipn(ns, "link", "set", "eth0", "up");
}

/** Default route via the router; on-link first when the host sits in another node CIDR. */
function defaultViaRouter(t: Topology, ns: string, prefixLen: number): void {
  if (prefixLen !== t.router.prefixLen) ipn(ns, "route", "add", `${t.router.ip}/32`, "dev", "eth0");
  ipn(ns, "route", "add", "default", "via", t.router.ip, "dev", "eth0");
}

/** Create every host of the topology. Throws on the first failure (the caller cleans up). */
export function createHosts(t: Topology): void {
  for (const ns of namespacesOf(t)) addNamespace(ns);
  ipn(t.lan.ns, "link", "add", t.lan.bridge, "type", "bridge");
  ipn(t.lan.ns, "link", "set", t.lan.bridge, "up");

  plug(t, t.router.ns, "pr", t.router.ip, t.router.prefixLen);
  sysctl(t.router.ns, "net.ipv4.ip_forward", 1);
  // Nodes in another node CIDR are reachable on the same wire (connected network of the LAN).
  for (const n of t.nodes.filter((x) => x.prefixLen !== t.router.prefixLen)) ipn(t.router.ns, "route", "add", `${n.ip}/32`, "dev", "eth0");

  plug(t, t.client.ns, "pc", t.client.ip, t.client.prefixLen);
  defaultViaRouter(t, t.client.ns, t.client.prefixLen);

  // The office network: a client behind the router's `cl0`, not on the node LAN.
  const o = t.office;
  ipn(t.router.ns, "link", "add", "cl0", "type", "veth", "peer", "name", "eth0", "netns", o.ns);
  ipn(t.router.ns, "addr", "add", `${o.routerIp}/${o.prefixLen}`, "dev", "cl0");
  ipn(t.router.ns, "link", "set", "cl0", "up");
  ipn(o.ns, "addr", "add", `${o.ip}/${o.prefixLen}`, "dev", "eth0");
  ipn(o.ns, "link", "set", "eth0", "up");
  ipn(o.ns, "route", "add", "default", "via", o.routerIp, "dev", "eth0");

  t.nodes.forEach((n, i) => {
    plug(t, n.ns, `pn${i + 1}`, n.ip, n.prefixLen);
    defaultViaRouter(t, n.ns, n.prefixLen);
    // The TTL tells the client which node answered; nodes do not forward (a real node would
    // only forward to its own pods).
    sysctl(n.ns, "net.ipv4.ip_default_ttl", n.ttl);
    // Pod addresses live on the node's loopback (no dummy module needed): local, not on the LAN.
    for (const b of n.heldBlocks) ipn(n.ns, "addr", "add", `${probeAddress(b)}/32`, "dev", "lo");
  });
}

/** Whether run id `<pid base 36>_<n>` belongs to a dead process, or to this one but is not `active`. */
export function isStaleRun(run: string, active: ReadonlySet<string>): boolean {
  const pid = parseInt(run.split("_")[0], 36);
  return pid === process.pid ? !active.has(run) : !pidAlive(pid);
}

/** Remove the topology's namespaces and whatever still runs in them. */
export function removeHosts(t: Topology): void {
  for (const ns of namespacesOf(t)) deleteNamespace(ns);
}

/**
 * Remove namespaces of earlier runs of `stack` whose process is gone (a crashed or killed run).
 * Names are `ehl-<stack>-<pid base 36>_<n>-<role>`; runs of live processes are left alone,
 * except this process's own runs that are not `active`.
 */
export function removeLeftovers(stack: string, active: ReadonlySet<string>): string[] {
  const prefix = stackPrefix(stack);
  const removed: string[] = [];
  for (const ns of namespacesWithPrefix(prefix)) {
    if (isStaleRun(ns.slice(prefix.length).split("-")[0], active)) {
      deleteNamespace(ns);
      removed.push(ns);
    }
  }
  return removed;
}
