/**
 * The LoadBalancer addresses an on-prem client must reach, and who hands each to a node (pure).
 * Expectations come from the plan (every pool of MetalLB or Cilium LB IPAM serves Services);
 * whether an address really gets to a node comes from the rendered objects, the way the
 * controllers act on them:
 * - MetalLB L2: an `IPAddressPool` holds the address and an `L2Advertisement` selects the pool;
 *   ONE node (elected among those its `nodeSelectors` match) answers ARP for it;
 * - MetalLB BGP: the pool, a `BGPAdvertisement` selecting it and a `BGPPeer` to the router;
 *   every matching node's speaker announces the /32 (externalTrafficPolicy Cluster);
 * - Cilium LB IPAM: a `CiliumLoadBalancerIPPool` holds it and a `CiliumBGPAdvertisement` of type
 *   `Service` with `LoadBalancerIP`, selected by the peer config, makes every node's BGP
 *   instance announce the /32.
 * Sources: https://metallb.io/configuration/ , https://metallb.io/concepts/bgp/ ,
 * https://docs.cilium.io/en/stable/network/lb-ipam/ , https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/
 */
import { containsIp, formatIpv4, parseAddressRange, parseIpv4 } from "../components/plan";
import { Labels, matchesLabelSelector } from "./selectors";
import { K8sObject, LabInputs, SpeakerConfig, SpeakerPeer } from "./types";

/** How an address reaches a node. */
export type LbKind = "metallb-l2" | "metallb-bgp" | "cilium-lb-ipam";

/** One pool's probe address and the nodes that take it. */
export interface LbTarget {
  readonly kind: LbKind;
  readonly pool: string;
  /** First usable address of the plan's pool. */
  readonly address: string;
  /** Nodes that hold the address (L2: the elected one; BGP: every announcing node). */
  readonly holders: readonly string[];
  /** Why no node holds it (the object missing or not selecting), when none does. */
  readonly problem?: string;
}

const LABEL = { "metallb-l2": "MetalLB L2", "metallb-bgp": "MetalLB BGP", "cilium-lb-ipam": "Cilium LB IPAM" } as const;
/** Display name of a kind. */
export const lbKindLabel = (k: LbKind) => LABEL[k];

const isKind = (o: K8sObject, group: string, kind: string) => o.kind === kind && String(o.apiVersion ?? "").startsWith(`${group}/`);
const nameOf = (o: K8sObject) => o.metadata?.name ?? "(unnamed)";

/** First usable address of a pool entry (a CIDR's network address is skipped). */
export function firstPoolAddress(entry: string): string {
  const r = parseAddressRange(entry);
  if (!r.ok) throw new Error(`pool address ${entry}: ${r.reason}`);
  return formatIpv4(r.value.last > r.value.first && entry.includes("/") ? r.value.first + 1 : r.value.first);
}

/** Whether `address` lies in one of the entries (`a-b`, CIDR or `{start, stop}` / `{cidr}` blocks). */
export function inEntries(address: string, entries: readonly unknown[]): boolean {
  const ip = parseIpv4(address);
  if (!ip.ok) return false;
  return entries.some((e: any) => {
    const text = typeof e === "string" ? e : e?.cidr ? String(e.cidr) : e?.start ? `${e.start}-${e.stop ?? e.start}` : "";
    const r = parseAddressRange(text);
    return r.ok && containsIp(r.value, ip.value);
  });
}

const selectsNode = (selectors: readonly any[] | undefined, labels: Labels) =>
  !selectors?.length || selectors.some((s) => matchesLabelSelector(s, labels));
/** MetalLB selects pools by name list or by pool label selectors; none of both: every pool. */
const selectsPool = (spec: any, pool: K8sObject) =>
  (!spec?.ipAddressPools?.length && !spec?.ipAddressPoolSelectors?.length) ||
  (spec?.ipAddressPools ?? []).includes(nameOf(pool)) ||
  (spec?.ipAddressPoolSelectors ?? []).some((s: any) => matchesLabelSelector(s, pool.metadata?.labels ?? {}));

interface NodeView {
  readonly name: string;
  readonly labels: Labels;
}

function metallbTargets(inputs: LabInputs, nodes: readonly NodeView[]): LbTarget[] {
  const mlb = inputs.plan.loadBalancing.metallb;
  if (!mlb) return [];
  const kind: LbKind = mlb.mode === "l2" ? "metallb-l2" : "metallb-bgp";
  return mlb.pools.map((p) => {
    const address = firstPoolAddress(p.addresses[0]);
    const base = { kind, pool: p.name, address };
    const pool = inputs.manifests.find((o) => isKind(o, "metallb.io", "IPAddressPool") && inEntries(address, o.spec?.addresses ?? []));
    if (!pool) return { ...base, holders: [], problem: `no metallb.io IPAddressPool holds ${address} (pool ${p.name})` };
    const advKind = mlb.mode === "l2" ? "L2Advertisement" : "BGPAdvertisement";
    const adv = inputs.manifests.filter((o) => isKind(o, "metallb.io", advKind) && selectsPool(o.spec, pool));
    if (!adv.length) return { ...base, holders: [], problem: `no ${advKind} selects IPAddressPool ${nameOf(pool)}` };
    let eligible = nodes.filter((n) => adv.some((a) => selectsNode(a.spec?.nodeSelectors, n.labels)));
    if (mlb.mode === "bgp") {
      const peers = inputs.manifests.filter((o) => isKind(o, "metallb.io", "BGPPeer"));
      eligible = eligible.filter((n) => peers.some((pr) => selectsNode(pr.spec?.nodeSelectors, n.labels)));
    }
    if (!eligible.length)
      return {
        ...base,
        holders: [],
        problem: `${advKind} ${adv.map(nameOf).join(", ")} selects no node${mlb.mode === "bgp" ? " with a BGPPeer" : ""}`,
      };
    // L2: one speaker answers ARP for a Service address (the lab takes the first eligible node).
    return { ...base, holders: mlb.mode === "l2" ? [eligible[0].name] : eligible.map((n) => n.name) };
  });
}

/**
 * Cilium LB IPAM targets; `announcesServices(node)` says whether that node's BGP instance has a
 * Service advertisement for LoadBalancer IPs (from `speakers.ts`).
 */
function ciliumTargets(inputs: LabInputs, nodes: readonly NodeView[], announcesServices: (node: string) => boolean): LbTarget[] {
  const c = inputs.plan.loadBalancing.ciliumLbIpam;
  if (!c) return [];
  return c.pools.map((p) => {
    const address = firstPoolAddress(p.addresses[0]);
    const base = { kind: "cilium-lb-ipam" as const, pool: p.name, address };
    const pool = inputs.manifests.find(
      (o) => isKind(o, "cilium.io", "CiliumLoadBalancerIPPool") && inEntries(address, o.spec?.blocks ?? []),
    );
    if (!pool) return { ...base, holders: [], problem: `no CiliumLoadBalancerIPPool holds ${address} (pool ${p.name})` };
    const holders = nodes.filter((n) => announcesServices(n.name)).map((n) => n.name);
    if (!holders.length)
      return {
        ...base,
        holders,
        problem: "no CiliumBGPAdvertisement of type Service (LoadBalancerIP) is selected by a CiliumBGPPeerConfig of any node",
      };
    return { ...base, holders };
  });
}

/** Every LoadBalancer target of the stack. */
export function lbTargets(inputs: LabInputs, nodes: readonly NodeView[], announcesServices: (node: string) => boolean): LbTarget[] {
  return [...metallbTargets(inputs, nodes), ...ciliumTargets(inputs, nodes, announcesServices)];
}

const seconds = (d: unknown, dflt: number) => {
  const m = String(d ?? "").match(/^(\d+)s$/);
  return m ? Number(m[1]) : dflt;
};

/**
 * MetalLB's BGP speaker on a node (static CNI routing + MetalLB BGP): its `BGPPeer`s to the
 * router, announcing `announce` (the Service /32s it holds). Undefined without a BGPPeer for it.
 */
export function metallbSpeaker(
  node: NodeView & { ip: string },
  manifests: readonly K8sObject[],
  announce: readonly string[],
): SpeakerConfig | undefined {
  const peers = manifests.filter((o) => isKind(o, "metallb.io", "BGPPeer") && selectsNode(o.spec?.nodeSelectors, node.labels));
  if (!peers.length) return undefined;
  return {
    source: `MetalLB BGPPeer ${peers.map(nameOf).join(", ")}`,
    localAsn: Number(peers[0].spec?.myASN),
    routerId: node.ip,
    peers: peers.map((p): SpeakerPeer => ({
      address: String(p.spec?.peerAddress ?? ""),
      asn: Number(p.spec?.peerASN ?? 0),
      port: Number(p.spec?.peerPort ?? 179),
      timersRendered: p.spec?.holdTime !== undefined,
      // MetalLB's defaults: hold 90 s, keepalive a third of it.
      holdTime: seconds(p.spec?.holdTime, 90),
      keepalive: seconds(p.spec?.keepaliveTime, Math.floor(seconds(p.spec?.holdTime, 90) / 3)),
      connectRetry: 120,
      gracefulRestart: p.spec?.enableGracefulRestart ? 120 : undefined,
    })),
    announce,
  };
}
