/**
 * Runs the twin's AWS half: builds its links and tables, the AWS-side BGP speaker for a BGP VPN,
 * the listeners, then the flows (after the VPN's BGP routes arrived, bounded in time).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { NetworkPlan } from "../components/plan";
import { startFrrIn, waitFor } from "./daemons";
import { startListener } from "./probe";
import { run } from "./sys";
import { FirewallList, loadFirewall } from "./twin-firewall";
import { createTwin, tgwFrrConf } from "./twin-hosts";
import { FlowResult, listenersFor, runFlows, TwinFlow, twinFlows } from "./twin-flows";
import { TwinTopology } from "./twin-topology";
import { CheckResult, Topology } from "./types";

/** Build the AWS half's links, tables and security groups (before the router's FRR starts). */
export async function startTwin(lab: Topology, t: TwinTopology, dir: string, firewall?: FirewallList): Promise<void> {
  createTwin(t, lab, dir);
  if (firewall) loadFirewall(firewall, t, lab, dir);
}

/** Whether the TGW's kernel (bgpd's table) has a route for `cidr`. */
function tgwHasRoute(t: TwinTopology, cidr: string): boolean {
  const r = run("ip", ["-n", t.tgw.ns, "-j", "route", "show", "exact", cidr]);
  return r.ok && r.stdout.trim() !== "[]" && r.stdout.trim() !== "";
}

/** Start a listener for every flow's destination; returns a wait until all of them listen. */
export function listen(lab: Topology, flows: readonly TwinFlow[], dir: string): () => Promise<boolean> {
  const want = listenersFor(flows);
  for (const [ns, ports] of want) startListener(ns, ports, dir, ns.slice(lab.prefix.length));
  const listening = (ns: string, port: number) => run("ip", ["netns", "exec", ns, "ss", "-Hltn", `sport = :${port}`]).stdout.trim() !== "";
  return () => waitFor(() => [...want].every(([ns, ports]) => ports.every((p) => listening(ns, p))), 5000, 50);
}

/**
 * Start the AWS side's BGP (BGP VPN), listeners, and send every flow of the twin together with
 * `more` (the LoadBalancer flows).
 */
export async function twinChecks(
  plan: NetworkPlan,
  lab: Topology,
  t: TwinTopology,
  dir: string,
  establishMs: number,
  more: readonly TwinFlow[] = [],
): Promise<{ checks: CheckResult[]; flows: FlowResult[] }> {
  const checks: CheckResult[] = [];
  // Listeners start first: they come up while the VPN's BGP converges.
  const flows = [...twinFlows(plan, lab, t), ...more];
  const listening = listen(lab, flows, dir);
  if (!t.model.vpn.staticRoutesOnly) {
    const tdir = path.join(dir, "tgw");
    fs.mkdirSync(tdir, { mode: 0o755 });
    await startFrrIn(t.tgw.ns, tdir, tgwFrrConf(t), ["zebra", "bgpd"]);
    const want = [...t.model.cluster.remoteNodeCidrs, ...t.model.cluster.remotePodCidrs];
    await waitFor(() => want.every((c) => tgwHasRoute(t, c)), establishMs, 100);
    for (const c of want)
      checks.push({
        section: "VPN BGP (AWS side)",
        check: `the Transit Gateway learns ${c} from the router over the tunnels`,
        pass: tgwHasRoute(t, c),
        expected: "a route",
        seen: tgwHasRoute(t, c) ? "a route" : "no route (router/frr.conf: neighbours, AWS-OUT prefix list, network statements)",
      });
  }
  await listening();
  return { checks, flows: await runFlows(lab, t, flows) };
}
