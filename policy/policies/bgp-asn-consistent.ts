/**
 * bgp-asn-consistent: with Cilium or Calico BGP to the on-prem router as route reflector, the
 * cluster's local ASN is the router's, ASNs are valid, and peer addresses lie in the node CIDRs.
 * An ASN mismatch is reported once, on the setting to change, not on every peer.
 */
import { parseIpv4 } from "../../components/plan/cidr";
import { checkAddressInNodeNetwork, checkAsn } from "../../components/plan/rules";
import { BgpSession, bgpSessions } from "../lib/bgp";
import { Finding, stackPolicy } from "../lib/define";
import { hybridClusters, T } from "../lib/stack";

/** Sessions grouped by the setting of their local ASN. */
function byLocalSetting(sessions: readonly BgpSession[]): BgpSession[][] {
  const groups = new Map<string, BgpSession[]>();
  for (const s of sessions) {
    const k = s.localRes ? `${s.localRes.urn} ${s.localKey}` : s.localKey;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.values()];
}

function asnMismatch(group: BgpSession[]): Finding[] {
  const local = group[0].local;
  const off = group.filter((s) => local !== undefined && s.peer !== undefined && s.peer !== 0 && s.peer !== local);
  if (!off.length) return [];
  const peerAsns = [...new Set(off.map((s) => s.peer!))];
  const peers = off.map((s) => `${s.res.name} ${s.peerKey}`).join(", ");
  const res = group[0].localRes ?? off[0].res;
  return [
    {
      res,
      problem: {
        key: group[0].localKey,
        value: String(local),
        rule: `differs from the route reflector's ASN ${peerAsns.join(", ")} (${peers}); iBGP to a route reflector needs the same ASN on both sides`,
      },
      fix:
        peerAsns.length > 1
          ? "give every peer the router's one ASN, and use it as the local ASN"
          : group[0].localRes
            ? `set ${group[0].localKey} to ${peerAsns[0]} (or, if the router's ASN is wrong, the peers' ASN to ${local})`
            : `add a Calico BGPConfiguration named default with spec.asNumber: ${peerAsns[0]}`,
    },
  ];
}

export const bgpAsnConsistent = stackPolicy<{ requireIbgp: boolean }>({
  name: "bgp-asn-consistent",
  description:
    "The cluster's BGP local ASN matches the route reflector's (iBGP), ASNs are valid, and BGP peer addresses lie in the remote node CIDRs.",
  fix: "correct the value",
  meta: {
    reads: [T.cluster, ...T.ciliumBgpClusterConfigs, ...T.calicoBgpConfigs, ...T.calicoBgpPeers],
    checks: [
      "Cilium `CiliumBGPClusterConfig` `localASN` / Calico `BGPConfiguration` `asNumber` (64512 when a configuration leaves it unset or none exists; unknown stays unknown) equal the peers' ASN — reported once, on the setting",
      "local and peer ASNs are valid BGP ASNs (1–4294967295, not 23456)",
      "peer addresses (`peerAddress`, Calico `peerIP`) are IPv4 addresses inside the hybrid cluster's remote node CIDRs",
    ],
  },
  config: {
    requireIbgp: {
      type: "boolean",
      default: true,
      description: "The router is an iBGP route reflector: local and peer ASN must be equal. Turn off for eBGP designs.",
    },
  },
  check: (ix, config, notApplicable) => {
    const clusters = hybridClusters(ix);
    const sessions = bgpSessions(ix);
    if (!clusters.length || !sessions.length) return notApplicable("needs a hybrid EKS cluster and Cilium or Calico BGP peers");
    const nodeCidrs = clusters.flatMap((c) => c.nodeCidrs.map((x) => x.cidr));
    const findings: Finding[] = [];
    for (const group of byLocalSetting(sessions)) {
      const g = group[0];
      if (g.local !== undefined)
        findings.push(...checkAsn("bgp", { key: g.localKey, value: g.local }).map((problem) => ({ res: g.localRes ?? g.res, problem })));
      if (config.requireIbgp) findings.push(...asnMismatch(group));
    }
    for (const s of sessions) {
      if (s.peer !== undefined && s.peer !== 0)
        findings.push(...checkAsn("bgp", { key: s.peerKey, value: s.peer }).map((problem) => ({ res: s.res, problem })));
      const ip = s.address ? parseIpv4(s.address) : undefined;
      if (s.address && ip && !ip.ok)
        findings.push({
          res: s.res,
          problem: { key: s.addressKey, value: s.address, rule: `${ip.reason}; BGP peers of hybrid nodes are IPv4 addresses` },
        });
      if (s.address && ip?.ok)
        findings.push(
          ...checkAddressInNodeNetwork({ key: s.addressKey, value: s.address }, ip.value, nodeCidrs, "BGP peer address").map((problem) => ({
            res: s.res,
            problem,
          })),
        );
    }
    return findings;
  },
});
