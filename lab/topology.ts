/**
 * Inputs → the lab's hosts: a LAN bridge for the node network, the router, one namespace per
 * hybrid node holding the pod blocks its IPAM gives it, and a client on the node LAN. Pure: no
 * namespaces are touched here, so the shape can be tested without root.
 */
import { Cidr, containsIp, formatIpv4, parseAddressRange, parseCidr, parseIpv4 } from "../components/plan";
import { implicitNodeLabels, speakerFor } from "./speakers";
import { matchesCalicoSelector, Labels } from "./selectors";
import { lbTargets, metallbSpeaker } from "./lb-targets";
import { K8sObject, LabInputs, LabNode, LbProbe, Topology } from "./types";

/** Namespace prefix of every run of `stack` (leftovers of crashed runs are found by it). */
export function stackPrefix(stack: string): string {
  return `ehl-${stack
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 12)}-`;
}

const cidrOrThrow = (text: string, what: string): Cidr => {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(`${what} ${text}: ${p.reason}`);
  return p.value;
};
const ipOrThrow = (text: string, what: string): number => {
  const p = parseIpv4(text);
  if (!p.ok) throw new Error(`${what} ${text}: ${p.reason}`);
  return p.value;
};

/** The pod blocks each node's CNI IPAM really hands out: Calico IPPools, CiliumNode, else the plan. */
function heldBlocks(
  node: { name: string; podCidr: string },
  labels: Labels,
  manifests: readonly K8sObject[],
): { blocks: string[]; source: string } {
  const pools = manifests.filter(
    (o) => o.kind === "IPPool" && String(o.apiVersion).startsWith("crd.projectcalico.org/") && o.spec?.nodeSelector !== undefined,
  );
  if (pools.length) {
    const mine = pools.filter((p) => matchesCalicoSelector(p.spec.nodeSelector, labels));
    return {
      blocks: mine.map((p) => String(p.spec.cidr)),
      source: `Calico IPPool ${mine.map((p) => p.metadata?.name).join(", ") || "(none selects it)"}`,
    };
  }
  const ciliumNode = manifests.find((o) => o.kind === "CiliumNode" && o.metadata?.name === node.name);
  if (ciliumNode?.spec?.ipam?.podCIDRs) return { blocks: ciliumNode.spec.ipam.podCIDRs.map(String), source: `CiliumNode ${node.name}` };
  return { blocks: [node.podCidr], source: "the plan" };
}

/** Build the lab's hosts for one run; `runId` keeps namespaces of concurrent runs apart. */
export function buildTopology(inputs: LabInputs, runId: string): Topology {
  const { plan } = inputs;
  const prefix = `${stackPrefix(inputs.stack)}${runId}-`;
  const nodeNets = plan.remote.nodeCidrs.map((c) => cidrOrThrow(c, "node CIDR"));
  const routerIp = ipOrThrow(plan.router.address, "router.address");
  const lanNet = nodeNets.find((c) => containsIp(c, routerIp));
  if (!lanNet) throw new Error(`router.address ${plan.router.address} lies in no node CIDR (${plan.remote.nodeCidrs.join(", ")})`);
  const netOf = (ip: number) => nodeNets.find((c) => containsIp(c, ip)) ?? lanNet;

  const labels = new Map<string, Labels>();
  const nodes: LabNode[] = plan.nodes.map((n, i) => {
    const l = { ...implicitNodeLabels(n.name), ...n.labels };
    labels.set(n.name, l);
    const held = heldBlocks(n, l, inputs.manifests);
    const base = {
      name: n.name,
      ns: `${prefix}n${i + 1}`,
      ip: n.ip,
      prefixLen: netOf(ipOrThrow(n.ip, `node ${n.name} ip`)).prefix,
      plannedBlock: n.podCidr,
      heldBlocks: held.blocks,
      ipamSource: held.source,
      ttl: 100 + 2 * i,
    };
    if (plan.cni.routing !== "bgp") return base;
    const s = speakerFor({ name: n.name, ip: n.ip, labels: l, blocks: held.blocks }, inputs.manifests);
    return { ...base, speaker: s.speaker, speakerProblem: s.problem };
  });

  const views = plan.nodes.map((n) => ({ name: n.name, ip: n.ip, labels: labels.get(n.name)! }));
  const lbTargetList = lbTargets(inputs, views, (name) => nodes.find((n) => n.name === name)?.speaker?.announcesServices === true);
  const held = (name: string) =>
    lbTargetList.filter((x) => x.kind !== "metallb-l2" && x.holders.includes(name)).map((x) => `${x.address}/32`);
  const withLb = nodes.map((n, i): LabNode => {
    if (n.speaker) return { ...n, speaker: { ...n.speaker, announce: [...n.speaker.announce, ...held(n.name)] } };
    // Static CNI routing with MetalLB in BGP mode: MetalLB's own speaker peers with the router.
    const s = plan.loadBalancing.metallb?.mode === "bgp" ? metallbSpeaker(views[i], inputs.manifests, held(n.name)) : undefined;
    return s ? { ...n, speaker: s } : n;
  });
  nodes.splice(0, nodes.length, ...withLb);

  // The MetalLB L2 checks (ARP) use the address and the node MetalLB would elect.
  const l2 = lbTargetList.find((x) => x.kind === "metallb-l2" && x.holders.length);
  const lb: LbProbe | undefined = l2 ? { address: l2.address, pool: l2.pool, node: l2.holders[0] } : undefined;
  const taken = new Set<number>([routerIp, ...plan.nodes.map((n) => ipOrThrow(n.ip, "node ip"))]);
  const lbRanges = (plan.loadBalancing.metallb?.pools ?? [])
    .flatMap((p) => p.addresses.map((a) => parseAddressRange(a)))
    .flatMap((r) => (r.ok ? [r.value] : []));
  let client = lanNet.last - 1;
  while (client > lanNet.first && (taken.has(client) || lbRanges.some((r) => containsIp(r, client)))) client--;
  if (client <= lanNet.first) throw new Error(`no free address for the lab client in ${lanNet.text}`);

  return {
    stack: inputs.stack,
    prefix,
    mode: plan.cni.routing,
    lan: { ns: `${prefix}lan`, bridge: "br0" },
    router: { ns: `${prefix}r`, ip: plan.router.address, prefixLen: lanNet.prefix, asn: plan.router.asn },
    client: { ns: `${prefix}c`, ip: formatIpv4(client), prefixLen: lanNet.prefix },
    nodes,
    outsideAddress: outsideAddress(
      plan.remote.podCidrs.map((c) => cidrOrThrow(c, "pod CIDR")),
      nodes,
    ),
    lb,
    office: { ns: `${prefix}oc`, ...OFFICE },
    lbTargets: lbTargetList,
  };
}

/**
 * The office network behind the router (RFC 2544 benchmarking space: never a node, pod, VPC or
 * pool address of a stack).
 */
const OFFICE = { ip: "198.18.0.10", routerIp: "198.18.0.1", prefixLen: 24 };

/** An address in the pod network that lies in no node's block (planned or held). */
function outsideAddress(podNets: readonly Cidr[], nodes: readonly LabNode[]): string | undefined {
  const blocks = nodes.flatMap((n) => [n.plannedBlock, ...n.heldBlocks]).map((b) => cidrOrThrow(b, "pod block"));
  for (const net of podNets) {
    let ip = net.first + 1;
    while (ip < net.last) {
      const hit = blocks.find((b) => containsIp(b, ip));
      if (!hit) return formatIpv4(ip);
      ip = hit.last + 2;
    }
  }
  return undefined;
}

/** The address the lab puts (and pings) in a pod block: its first host. */
export function probeAddress(block: string): string {
  return formatIpv4(cidrOrThrow(block, "pod block").first + 1);
}
