/**
 * The flows the cluster needs (AWS EKS Hybrid Nodes "network traffic flows" and the source
 * article), each sent as a real TCP connection through the twin, and the flows that must NOT
 * pass. The expectations come from the cluster side (plan: nodes, pod blocks, webhook ports, the
 * load balancer controller); the network they cross is what `resources.json` registers. A flow
 * that does not do what it must is traced hop by hop (`twin-trace.ts`), and when every hop routes
 * it, the security groups' drop counters name the rule that is missing.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-concepts-traffic-flows.html
 *         https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html
 */
import { NetworkPlan } from "../components/plan";
import { ConnectResult } from "./probe";
import { ProbeAgent } from "./probe-agent";
import { firewallDropped } from "./twin-firewall";
import { droppedIn, sgDropped } from "./twin-hosts";
import { GATEWAY_VXLAN } from "./twin-gateway";
import { trace, Trace } from "./twin-trace";
import { lbVerdict } from "./lb-flows";
import { LbTarget } from "./lb-targets";
import { TwinTopology } from "./twin-topology";
import { probeAddress } from "./topology";
import { Topology } from "./types";

/** An application port on pods that is not a webhook (the load balancer's target, pod to pod). */
export const APP_PORT = 8080;
export const KUBELET_PORT = 10250;
export const SSH_PORT = 22;

/** One flow. */
export interface TwinFlow {
  readonly name: string;
  readonly fromNs: string;
  readonly from: string;
  /** Source address (a pod's), else the host's own. */
  readonly src: string;
  readonly toNs: string;
  readonly to: string;
  readonly dst: string;
  readonly port: number;
  /** `open`: must connect; `blocked`: must not. */
  readonly expect: "open" | "blocked";
  readonly why: string;
  /** A negative flow that must find no route at all (not merely be filtered): `podRouting: none`. */
  readonly unroutable?: boolean;
  /** A LoadBalancer flow: its pool address and the namespaces of the nodes that take it. */
  readonly lb?: { readonly target: LbTarget; readonly holderNs: readonly string[] };
}

/** `lab-report.json` `flows[]`. */
export interface FlowResult {
  readonly flow: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly expect: "open" | "blocked";
  readonly seen: ConnectResult;
  readonly pass: boolean;
  /** Hosts the packet went through (forward). */
  readonly path: readonly string[];
  /** The hop where it stopped, and why (the resource or config line responsible). */
  readonly stoppedAt?: string;
  readonly reason?: string;
}

/** The flows for this stack. */
export function twinFlows(plan: NetworkPlan, lab: Topology, t: TwinTopology): TwinFlow[] {
  const eni = t.hosts.find((h) => h.role === "eni")!;
  const lbn = t.hosts.find((h) => h.role === "lbn");
  const cp = { fromNs: eni.ns, from: "control plane", src: eni.ip };
  const endpoint = {
    toNs: t.endpoint.kind === "private" ? eni.ns : t.isp.ns,
    to: `cluster endpoint (${t.endpoint.kind})`,
    dst: t.endpoint.ip,
    port: 443,
  };
  const flows: TwinFlow[] = [];
  // Pods are routed natively with static or BGP pod routing; with the gateway AWS reaches them
  // through it (VXLAN), pod to pod across nodes is Cilium's overlay (not the site's routing);
  // with none, AWS does not reach them at all.
  const podsRouted = plan.cni.routing === "static" || plan.cni.routing === "bgp";
  const podsReachable = podsRouted || (plan.cni.routing === "gateway" && t.gateway !== undefined);
  for (const n of lab.nodes) {
    const pod = probeAddress(n.plannedBlock);
    const node = { toNs: n.ns, to: n.name, dst: n.ip };
    flows.push({
      ...cp,
      ...node,
      name: `control plane → ${n.name} kubelet`,
      port: KUBELET_PORT,
      expect: "open",
      why: "kubectl exec/logs, metrics",
    });
    for (const p of podsReachable ? plan.cluster.webhookPorts : [])
      flows.push({
        ...cp,
        toNs: n.ns,
        to: `pod on ${n.name}`,
        dst: pod,
        port: p,
        name: `control plane → webhook ${p} on a pod of ${n.name}`,
        expect: "open",
        why: "admission webhooks on pod IPs",
      });
    flows.push({
      fromNs: n.ns,
      from: n.name,
      src: n.ip,
      ...endpoint,
      name: `${n.name} → ${endpoint.to}`,
      expect: "open",
      why: "kubelet and kube-proxy to the API server",
    });
    flows.push({
      ...cp,
      ...node,
      name: `control plane → ${n.name} SSH (negative)`,
      port: SSH_PORT,
      expect: "blocked",
      why: "no rule lists it",
    });
  }
  const [n1, n2] = lab.nodes;
  if (n1 && plan.cni.routing === "none")
    flows.push({
      ...cp,
      toNs: n1.ns,
      to: `pod on ${n1.name}`,
      dst: probeAddress(n1.plannedBlock),
      port: plan.cluster.webhookPorts[0] ?? APP_PORT,
      name: `control plane → a pod of ${n1.name} (negative: podRouting none)`,
      expect: "blocked",
      unroutable: true,
      why: "AWS does not route the pod CIDRs (webhooks run on cloud nodes)",
    });
  if (n1 && podsReachable) {
    const pod1 = probeAddress(n1.plannedBlock);
    flows.push({
      fromNs: n1.ns,
      from: `pod on ${n1.name}`,
      src: pod1,
      ...endpoint,
      name: `pod on ${n1.name} → ${endpoint.to}`,
      expect: "open",
      why: "in-cluster clients, operators",
    });
    if (!plan.cluster.webhookPorts.includes(APP_PORT))
      flows.push({
        ...cp,
        toNs: n1.ns,
        to: `pod on ${n1.name}`,
        dst: pod1,
        port: APP_PORT,
        name: `control plane → pod app port ${APP_PORT} (negative)`,
        expect: "blocked",
        why: "not a webhook port",
      });
    if (lbn)
      flows.push({
        fromNs: lbn.ns,
        from: "load balancer node",
        src: lbn.ip,
        toNs: n1.ns,
        to: `pod on ${n1.name}`,
        dst: pod1,
        port: APP_PORT,
        name: `load balancer → pod target port ${APP_PORT} on ${n1.name}`,
        expect: "open",
        why: "AWS Load Balancer Controller, target-type ip",
      });
    if (n2 && podsRouted) {
      const pods = [
        { n: n1, ip: pod1 },
        { n: n2, ip: probeAddress(n2.plannedBlock) },
      ];
      for (const [a, b] of [pods, [...pods].reverse()])
        flows.push({
          fromNs: a.n.ns,
          from: `pod on ${a.n.name}`,
          src: a.ip,
          toNs: b.n.ns,
          to: `pod on ${b.n.name}`,
          dst: b.ip,
          port: APP_PORT,
          name: `pod on ${a.n.name} → pod on ${b.n.name}`,
          expect: "open",
          why: "native routing across nodes",
        });
    }
  }
  return flows;
}

/** Ports each namespace listens on for the flows. */
export function listenersFor(flows: readonly TwinFlow[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const f of flows) for (const ns of f.lb ? f.lb.holderNs : [f.toNs]) m.set(ns, [...new Set([...(m.get(ns) ?? []), f.port])]);
  return m;
}

/** The report row of a flow without the verdict. */
function baseOf(f: TwinFlow, seen: ConnectResult, path: readonly string[]) {
  return { flow: f.name, from: f.from, to: `${f.to} ${f.dst}:${f.port}`, port: f.port, expect: f.expect, seen, path };
}

/**
 * Send every flow at once (one probe process per source namespace, each connection bounded by
 * `timeoutMs`), then explain each flow that did not do what it must: the security groups' and
 * the firewall's drop sets name the connections they dropped, else the hop-by-hop trace forward
 * and back names where it stopped. Traces shared by flows (webhook ports on one pod) run once.
 */
export async function runFlows(
  lab: Topology,
  t: TwinTopology | undefined,
  flows: readonly TwinFlow[],
  agent: ProbeAgent,
  timeoutMs = 1500,
): Promise<FlowResult[]> {
  const seen = await agent.connect(
    flows.map((f) => ({ ns: f.fromNs, dst: f.dst, port: f.port, src: f.src })),
    timeoutMs,
  );
  const none = { ingress: new Set<string>(), egress: new Set<string>() };
  const [sg, fw, gw] = await Promise.all([
    t ? sgDropped(t) : none,
    firewallDropped(lab),
    t?.gateway ? gatewaySgDropped(t.gateway.host.ns) : none,
  ]);
  const traces = new Map<string, Promise<Trace>>();
  const traceOf = (ns: string, src: string, dst: string) => {
    const key = `${ns}|${src}|${dst}`;
    if (!traces.has(key)) traces.set(key, trace(lab, t!, ns, src, dst));
    return traces.get(key)!;
  };
  return Promise.all(
    flows.map(async (f, i) => {
      if (f.lb) {
        const v = await lbVerdict(lab, f, seen[i], fw);
        return { ...baseOf(f, seen[i], v.path), pass: (seen[i] === "open") === (f.expect === "open"), ...v };
      }
      if (!t) throw new Error(`flow ${f.name} needs the twin (resources.json)`);
      return verdict(t, f, seen[i], { sg, fw, gw }, traceOf);
    }),
  );
}

/** The gateway path's outer VXLAN packets (UDP 8472) dropped between the gateway node and the flow's node. */
function vxlanDrop(
  t: TwinTopology,
  f: TwinFlow,
  drops: { fw: Set<string>; gw: { ingress: Set<string>; egress: Set<string> } },
): { stoppedAt: string; reason: string } | undefined {
  const gw = t.gateway!;
  const port = GATEWAY_VXLAN.port;
  const node = [f.toNs, f.fromNs].map((ns) => ns).find((ns) => ns !== gw.host.ns && ns.match(/-n\d+$/));
  if (!node) return undefined;
  const pairs = [...drops.fw].filter((k) => k.endsWith(`|${port}`) && k.split("|").includes(gw.host.ip));
  if (pairs.length)
    return {
      stoppedAt: "on-prem firewall (router edge)",
      reason: `firewall.json has no row for udp/${port} (VXLAN VNI ${GATEWAY_VXLAN.vni}, the gateway path) ${pairs.map((k) => k.split("|").slice(0, 2).join(" → ")).join(", ")}`,
    };
  for (const dir of ["ingress", "egress"] as const) {
    const hit = [...drops.gw[dir]].filter((k) => k.endsWith(`|${port}`));
    if (hit.length)
      return {
        stoppedAt: `gateway node (security group ${dir})`,
        reason: `security group ${gw.model.securityGroups.join(", ")} has no ${dir} rule for udp/${port} (VXLAN): ${hit.map((k) => k.split("|").slice(0, 2).join(" → ")).join(", ")}`,
      };
  }
  return undefined;
}

async function verdict(
  t: TwinTopology,
  f: TwinFlow,
  seen: ConnectResult,
  drops: { sg: { ingress: Set<string>; egress: Set<string> }; fw: Set<string>; gw: { ingress: Set<string>; egress: Set<string> } },
  traceOf: (ns: string, src: string, dst: string) => Promise<Trace>,
): Promise<FlowResult> {
  const fwd = await traceOf(f.fromNs, f.src, f.dst);
  const base = baseOf(
    f,
    seen,
    fwd.hops.map((h) => h.host),
  );
  if (seen === "open") return { ...base, pass: f.expect === "open" };
  // Not routable: the trace must stop before the pod, whatever filters the packet on the way.
  if (f.unroutable)
    return fwd.arrived
      ? { ...base, pass: false, stoppedAt: f.to, reason: `every hop routes ${f.dst}: it is routable, only filtered` }
      : { ...base, pass: true, stoppedAt: fwd.stoppedAt, reason: fwd.reason };
  const pass = f.expect === "blocked";
  const key = `${f.src}|${f.dst}|${f.port}`;
  const eni = t.hosts.find((h) => h.role === "eni")!;
  const sgs = t.model.securityGroups.join(", ");
  if (drops.sg.egress.has(key))
    return {
      ...base,
      pass,
      stoppedAt: "control-plane ENI (security group egress)",
      reason: `security group ${sgs} has no egress rule for tcp/${f.port} to ${f.dst}`,
    };
  if (drops.sg.ingress.has(key))
    return {
      ...base,
      pass,
      stoppedAt: "control-plane ENI (security group ingress)",
      reason: `security group ${sgs} has no ingress rule for tcp/${f.port} from ${f.src}`,
    };
  if (drops.fw.has(key))
    return {
      ...base,
      pass,
      stoppedAt: "on-prem firewall (router edge)",
      reason: `firewall.json has no row for tcp/${f.port} from ${f.src} to ${f.dst}`,
    };
  const vx = t.gateway && vxlanDrop(t, f, drops);
  if (vx) return { ...base, pass, ...vx };
  if (!fwd.arrived) return { ...base, pass, stoppedAt: fwd.stoppedAt, reason: fwd.reason };
  const back = await traceOf(f.toNs, f.dst, f.src);
  if (!back.arrived) return { ...base, pass, stoppedAt: `${back.stoppedAt} (reply)`, reason: back.reason };
  const where = f.fromNs === eni.ns || f.toNs === eni.ns ? "" : " (no security group on this path)";
  return { ...base, pass, stoppedAt: f.to, reason: `every hop routes it both ways, yet ${seen}${where}` };
}

/** Flows the gateway node's security groups dropped: `{ ingress, egress }`. */
async function gatewaySgDropped(ns: string): Promise<{ ingress: Set<string>; egress: Set<string> }> {
  const [ingress, egress] = await Promise.all(["ingress_drops", "egress_drops"].map((set) => droppedIn(ns, "gwsg", set)));
  return { ingress, egress };
}
