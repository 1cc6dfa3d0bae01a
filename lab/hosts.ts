/**
 * Builds and removes the lab's hosts: namespaces, the LAN bridge (in its own namespace, so
 * nothing is added to the machine's own network), veth links, addresses and default routes.
 */
import { Topology } from "./types";
import { NetScript } from "./net-script";
import { batch } from "./ip-run";
import { deleteNamespaces, namespacesWithPrefix, pidAlive } from "./sys";
import { probeAddress, stackPrefix } from "./topology";
import { twinScript } from "./twin-hosts";
import { twinNamespaces } from "./twin-topology";

/** Every namespace of a topology. */
export function namespacesOf(t: Topology): string[] {
  return [t.lan.ns, t.router.ns, t.client.ns, t.office.ns, ...t.nodes.map((n) => n.ns), ...(t.twin ? twinNamespaces(t.twin) : [])];
}

/** Add `namespaces` (one `ip -batch`), each with its loopback up in `s`. */
export function addNamespaces(namespaces: readonly string[], s: NetScript): void {
  batch(
    "ip",
    undefined,
    namespaces.map((ns) => ["netns", "add", ns]),
  );
  for (const ns of namespaces) s.ip(ns, "link", "set", "lo", "up");
}

/** Plug a new host namespace into the LAN bridge as `eth0` with `ip/prefixLen`. */
function plug(s: NetScript, t: Topology, ns: string, port: string, ip: string, prefixLen: number): void {
  s.link(t.lan.ns, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
  s.ip(t.lan.ns, "link", "set", port, "master", t.lan.bridge, "up");
  s.ip(ns, "addr", "add", `${ip}/${prefixLen}`, "dev", "eth0");
  s.ip(ns, "link", "set", "eth0", "up");
}

/** Default route via the router; on-link first when the host sits in another node CIDR. */
function defaultViaRouter(s: NetScript, t: Topology, ns: string, prefixLen: number): void {
  if (prefixLen !== t.router.prefixLen) s.ip(ns, "route", "add", `${t.router.ip}/32`, "dev", "eth0");
  s.ip(ns, "route", "add", "default", "via", t.router.ip, "dev", "eth0");
}

/** The on-prem hosts (LAN, router, client, office client, nodes) into `s`. */
export function onPremScript(t: Topology, s: NetScript): void {
  s.link(t.lan.ns, "link", "add", t.lan.bridge, "type", "bridge");
  s.ip(t.lan.ns, "link", "set", t.lan.bridge, "up");

  plug(s, t, t.router.ns, "pr", t.router.ip, t.router.prefixLen);
  s.set(t.router.ns, "net.ipv4.ip_forward", 1);
  // Nodes in another node CIDR are reachable on the same wire (connected network of the LAN).
  for (const n of t.nodes.filter((x) => x.prefixLen !== t.router.prefixLen)) s.ip(t.router.ns, "route", "add", `${n.ip}/32`, "dev", "eth0");

  plug(s, t, t.client.ns, "pc", t.client.ip, t.client.prefixLen);
  defaultViaRouter(s, t, t.client.ns, t.client.prefixLen);

  // The office network: a client behind the router's `cl0`, not on the node LAN.
  const o = t.office;
  s.link(t.router.ns, "link", "add", "cl0", "type", "veth", "peer", "name", "eth0", "netns", o.ns);
  s.ip(t.router.ns, "addr", "add", `${o.routerIp}/${o.prefixLen}`, "dev", "cl0");
  s.ip(t.router.ns, "link", "set", "cl0", "up");
  s.ip(o.ns, "addr", "add", `${o.ip}/${o.prefixLen}`, "dev", "eth0");
  s.ip(o.ns, "link", "set", "eth0", "up");
  s.ip(o.ns, "route", "add", "default", "via", o.routerIp, "dev", "eth0");

  t.nodes.forEach((n, i) => {
    plug(s, t, n.ns, `pn${i + 1}`, n.ip, n.prefixLen);
    defaultViaRouter(s, t, n.ns, n.prefixLen);
    // The TTL tells the client which node answered; nodes do not forward (a real node would
    // only forward to its own pods).
    s.set(n.ns, "net.ipv4.ip_default_ttl", n.ttl);
    // Pod addresses live on the node's loopback (no dummy module needed): local, not on the LAN.
    for (const b of n.heldBlocks) s.ip(n.ns, "addr", "add", `${probeAddress(b)}/32`, "dev", "lo");
  });
}

/**
 * Create every host of the topology, the twin's AWS half too when it has one (its nftables
 * rulesets come later: `loadTwinFilters` in twin-hosts.ts). Throws on the first failure (the caller cleans up).
 */
export function createHosts(t: Topology): void {
  const s = new NetScript();
  addNamespaces(namespacesOf(t), s);
  onPremScript(t, s);
  if (t.twin) twinScript(t.twin, t, s);
  s.run();
}

/** Whether run id `<pid base 36>_<n>` belongs to a dead process, or to this one but is not `active`. */
export function isStaleRun(run: string, active: ReadonlySet<string>): boolean {
  const pid = parseInt(run.split("_")[0], 36);
  return pid === process.pid ? !active.has(run) : !pidAlive(pid);
}

/** Remove the topology's namespaces and whatever still runs in them. */
export function removeHosts(t: Topology): void {
  deleteNamespaces(namespacesOf(t));
}

/**
 * Remove namespaces of earlier runs of `stack` whose process is gone (a crashed or killed run).
 * Names are `ehl-<stack>-<pid base 36>_<n>-<role>`; runs of live processes are left alone,
 * except this process's own runs that are not `active`.
 */
export function removeLeftovers(stack: string, active: ReadonlySet<string>): string[] {
  const prefix = stackPrefix(stack);
  const removed = namespacesWithPrefix(prefix).filter((ns) => isStaleRun(ns.slice(prefix.length).split("-")[0], active));
  deleteNamespaces(removed);
  return removed;
}
