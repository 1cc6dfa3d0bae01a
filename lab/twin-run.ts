/**
 * Runs the twin's AWS half: builds its links and tables, the AWS-side BGP speaker for a BGP VPN,
 * the listeners, then the flows (after the VPN's BGP routes arrived, bounded in time).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { NetworkPlan } from "../components/plan";
import { startFrrIn, waitFor } from "./daemons";
import { ProbeAgent } from "./probe-agent";
import { run } from "./sys";
import { FirewallList, loadFirewall } from "./twin-firewall";
import { loadTwinFilters, tgwAnnounced, tgwFrrConf } from "./twin-hosts";
import { FlowResult, listenersFor, runFlows, TwinFlow, twinFlows } from "./twin-flows";
import { TwinTopology } from "./twin-topology";
import { CheckResult, Topology } from "./types";

/** Load the AWS half's security groups and the on-prem firewall (its network is built with the lab's hosts; before the router's FRR starts). */
export async function startTwin(lab: Topology, t: TwinTopology, dir: string, firewall?: FirewallList): Promise<void> {
  loadTwinFilters(t, dir);
  if (firewall) loadFirewall(firewall, t, lab, dir);
}

/** The destinations a namespace's kernel main table holds (bgpd's routes among them), as CIDRs; one `ip` per call. */
function kernelRoutes(ns: string): Set<string> {
  const r = run("ip", ["-n", ns, "-j", "route", "show"]);
  const routes = r.ok ? (JSON.parse(r.stdout || "[]") as { dst: string }[]) : [];
  return new Set(routes.map((x) => (x.dst.includes("/") || x.dst === "default" ? x.dst : `${x.dst}/32`)));
}

/**
 * Listen for every flow's destination (the run's probe process); returns a wait until all of
 * them listen: undefined, or what did not (the flows to it then fail, named).
 */
export function listen(agent: ProbeAgent, flows: readonly TwinFlow[]): () => Promise<string | undefined> {
  const started = [...listenersFor(flows)].map(([ns, ports]) => agent.listen(ns, ports));
  return async () => (await Promise.all(started)).filter(Boolean).join("; ") || undefined;
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
  agent: ProbeAgent,
  more: readonly TwinFlow[] = [],
): Promise<{ checks: CheckResult[]; flows: FlowResult[] }> {
  const checks: CheckResult[] = [];
  // Listeners start first: they come up while the VPN's BGP converges.
  const flows = [...twinFlows(plan, lab, t), ...more];
  const listening = listen(agent, flows);
  if (!t.model.vpn.staticRoutesOnly) {
    const tdir = path.join(dir, "tgw");
    fs.mkdirSync(tdir, { mode: 0o755 });
    await startFrrIn(t.tgw.ns, tdir, tgwFrrConf(t), ["zebra", "bgpd"]);
    const want = [...t.model.cluster.remoteNodeCidrs, ...t.model.cluster.remotePodCidrs];
    await waitFor(() => ((have) => want.every((c) => have.has(c)))(kernelRoutes(t.tgw.ns)), establishMs, 100);
    // And the way back: the router installs the VPC routes the TGW announces a moment later (its
    // zebra, on a loaded machine, later still); flows sent before then would time out.
    const back = tgwAnnounced(t);
    await waitFor(() => ((have) => back.every((c) => have.has(c)))(kernelRoutes(lab.router.ns)), establishMs, 100);
    const have = kernelRoutes(t.tgw.ns);
    for (const c of want)
      checks.push({
        section: "VPN BGP (AWS side)",
        check: `the Transit Gateway learns ${c} from the router over the tunnels`,
        pass: have.has(c),
        expected: "a route",
        seen: have.has(c) ? "a route" : "no route (router/frr.conf: neighbours, AWS-OUT prefix list, network statements)",
      });
  }
  const notListening = await listening();
  if (notListening) throw new Error(`the twin's listeners did not start: ${notListening}`);
  return { checks, flows: await runFlows(lab, t, flows, agent) };
}
