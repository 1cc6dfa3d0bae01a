/**
 * A node's BGP speaker as the CNI would run it, read from the rendered BGP resources:
 * Cilium `CiliumBGPClusterConfig` → `CiliumBGPPeerConfig` → `CiliumBGPAdvertisement`
 * (`cilium.io/v2` or `v2alpha1`, same fields), or Calico `BGPConfiguration` + `BGPPeer`.
 * Returns a problem text instead when the resources give this node no speaker.
 */
import { K8sObject, SpeakerConfig, SpeakerPeer } from "./types";
import { Labels, matchesCalicoSelector, matchesLabelSelector } from "./selectors";

/** Labels a hybrid node carries without asking (nodeadm and kubelet set them). */
export function implicitNodeLabels(name: string): Labels {
  return { "eks.amazonaws.com/compute-type": "hybrid", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" };
}

const isKind = (o: K8sObject, group: string, kind: string) => o.kind === kind && String(o.apiVersion ?? "").startsWith(`${group}/`);
const nameOf = (o: K8sObject) => o.metadata?.name ?? "(unnamed)";

/** The node's speaker, or a problem explaining why it has none. */
export function speakerFor(
  node: { name: string; ip: string; labels: Labels; blocks: readonly string[] },
  manifests: readonly K8sObject[],
): { speaker?: SpeakerConfig; problem?: string } {
  const cilium = manifests.filter((o) => isKind(o, "cilium.io", "CiliumBGPClusterConfig"));
  if (cilium.length) return ciliumSpeaker(node, cilium, manifests);
  const calicoPeers = manifests.filter((o) => isKind(o, "projectcalico.org", "BGPPeer"));
  if (calicoPeers.length) return calicoSpeaker(node, calicoPeers, manifests);
  return { problem: "no CiliumBGPClusterConfig or Calico BGPPeer among the rendered manifests; nothing would peer with the router" };
}

function ciliumSpeaker(
  node: { name: string; ip: string; labels: Labels; blocks: readonly string[] },
  clusters: K8sObject[],
  all: readonly K8sObject[],
) {
  const cluster = clusters.find((c) => matchesLabelSelector(c.spec?.nodeSelector, node.labels));
  if (!cluster) {
    return {
      problem: `no CiliumBGPClusterConfig selects ${node.name} (labels ${JSON.stringify(node.labels)}; nodeSelectors: ${clusters.map((c) => `${nameOf(c)} ${JSON.stringify(c.spec?.nodeSelector ?? {})}`).join("; ")})`,
    };
  }
  const instances = (cluster.spec?.bgpInstances ?? []) as any[];
  if (instances.length !== 1)
    return { problem: `CiliumBGPClusterConfig ${nameOf(cluster)} has ${instances.length} bgpInstances; the lab runs exactly one per node` };
  const inst = instances[0];
  const peerConfigs = all.filter((o) => isKind(o, "cilium.io", "CiliumBGPPeerConfig"));
  const adverts = all.filter((o) => isKind(o, "cilium.io", "CiliumBGPAdvertisement"));
  const peers: SpeakerPeer[] = [];
  let announcesPods = false;
  let announcesServices = false;
  for (const p of (inst.peers ?? []) as any[]) {
    const ref = p.peerConfigRef?.name;
    const pc = ref ? peerConfigs.find((o) => nameOf(o) === ref) : undefined;
    if (ref && !pc)
      return {
        problem: `peer ${p.name} of CiliumBGPClusterConfig ${nameOf(cluster)} refers to CiliumBGPPeerConfig ${ref}, which is not rendered`,
      };
    const s = pc?.spec ?? {};
    // Without a peer config Cilium advertises nothing; families default to ipv4+ipv6 unicast.
    const families = (s.families ?? [{ afi: "ipv4", safi: "unicast" }]) as any[];
    for (const f of families.filter((x) => x.afi === "ipv4" && x.safi === "unicast" && x.advertisements)) {
      const selected = adverts.filter((a) => matchesLabelSelector(f.advertisements, a.metadata?.labels ?? {}));
      const types = selected.flatMap((a) => (a.spec?.advertisements ?? []) as any[]);
      if (types.some((x) => x.advertisementType === "PodCIDR")) announcesPods = true;
      if (types.some((x) => x.advertisementType === "Service" && (x.service?.addresses ?? []).includes("LoadBalancerIP")))
        announcesServices = true;
    }
    peers.push({
      address: String(p.peerAddress ?? ""),
      asn: Number(p.peerASN ?? 0),
      port: Number(s.transport?.peerPort ?? 179),
      timersRendered: true,
      holdTime: Number(s.timers?.holdTimeSeconds ?? 90),
      keepalive: Number(s.timers?.keepAliveTimeSeconds ?? 30),
      connectRetry: Number(s.timers?.connectRetryTimeSeconds ?? 120),
      gracefulRestart: s.gracefulRestart?.enabled ? Number(s.gracefulRestart.restartTimeSeconds ?? 120) : undefined,
    });
  }
  if (!peers.length) return { problem: `CiliumBGPClusterConfig ${nameOf(cluster)} instance ${inst.name} has no peers` };
  return {
    speaker: {
      source: `CiliumBGPClusterConfig ${nameOf(cluster)}, instance ${inst.name}`,
      localAsn: Number(inst.localASN),
      routerId: node.ip,
      peers,
      announce: announcesPods ? node.blocks : [],
      announcesServices,
    },
  };
}

function calicoSpeaker(
  node: { name: string; ip: string; labels: Labels; blocks: readonly string[] },
  bgpPeers: K8sObject[],
  all: readonly K8sObject[],
) {
  const conf = all.find((o) => isKind(o, "projectcalico.org", "BGPConfiguration") && nameOf(o) === "default");
  const localAsn = Number(conf?.spec?.asNumber ?? 64512);
  const mine = bgpPeers.filter((p) =>
    p.spec?.node ? p.spec.node === node.name : matchesCalicoSelector(p.spec?.nodeSelector, node.labels),
  );
  if (!mine.length)
    return { problem: `no Calico BGPPeer applies to ${node.name} (node / nodeSelector of ${bgpPeers.map(nameOf).join(", ")})` };
  const seconds = (d: unknown, dflt: number) => {
    const m = String(d ?? "").match(/^(\d+)s$/);
    return m ? Number(m[1]) : dflt;
  };
  const peers = mine.map((p): SpeakerPeer => {
    const [address, port] = String(p.spec?.peerIP ?? "").split(":");
    return {
      address,
      asn: Number(p.spec?.asNumber ?? 0),
      port: Number(port || 179),
      timersRendered: false,
      holdTime: 90,
      keepalive: 30,
      connectRetry: 120,
      // BIRD (Calico) always offers graceful restart; maxRestartTime defaults to 120s.
      gracefulRestart: seconds(p.spec?.maxRestartTime, 120),
    };
  });
  return {
    speaker: {
      source: `Calico BGPPeer ${mine.map(nameOf).join(", ")} (AS ${localAsn})`,
      localAsn,
      routerId: node.ip,
      peers,
      announce: node.blocks,
    },
  };
}
