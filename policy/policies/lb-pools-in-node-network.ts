/**
 * lb-pools-in-node-network: MetalLB `IPAddressPool` and `CiliumLoadBalancerIPPool` addresses lie
 * inside the remote node CIDRs, clear of the remote pod CIDRs and of the BGP peers (the router).
 */
import { parseIpv4 } from "../../components/plan/cidr";
import { checkLbPools, Keyed, ReservedAddress } from "../../components/plan/rules";
import { bgpPeerAddresses } from "../lib/bgp";
import { Finding, stackPolicy } from "../lib/define";
import { known, str } from "../lib/props";
import { hybridClusters, Plain, spec, T } from "../lib/stack";

/** Pool entries of one pool resource, as `a-b` ranges or CIDRs (IPv6 left out). */
function entries(r: Plain): Keyed[] {
  const s = spec(r);
  const out: Keyed[] = [];
  if (r.type === T.metallbPool) {
    for (const { index, value } of known(s.addresses)) out.push({ key: `spec.addresses[${index}]`, value: String(value) });
  } else {
    for (const { index, value } of known<any>(s.blocks)) {
      const cidr = str(value.cidr);
      const [start, stop] = [str(value.start), str(value.stop)];
      if (typeof cidr === "string") out.push({ key: `spec.blocks[${index}].cidr`, value: cidr });
      else if (typeof start === "string")
        out.push({ key: `spec.blocks[${index}]`, value: `${start}-${typeof stop === "string" ? stop : start}` });
    }
    for (const { index, value } of known<any>(s.cidrs))
      if (typeof value.cidr === "string") out.push({ key: `spec.cidrs[${index}].cidr`, value: value.cidr });
  }
  return out.filter((e) => !e.value.includes(":"));
}

export const lbPoolsInNodeNetwork = stackPolicy({
  name: "lb-pools-in-node-network",
  description:
    "MetalLB IPAddressPool and CiliumLoadBalancerIPPool addresses lie inside the remote node CIDRs, clear of the remote pod CIDRs and of BGP peers.",
  fix: "use free addresses of the remote node network (outside the nodes', the router's and other pools' addresses)",
  meta: {
    reads: [
      T.cluster,
      T.metallbPool,
      ...T.ciliumLbPools,
      ...T.ciliumBgpClusterConfigs,
      ...T.calicoBgpConfigs,
      ...T.calicoBgpPeers,
      ...T.metallbBgpPeers,
    ],
    checks: [
      "MetalLB `IPAddressPool` `spec.addresses` and `CiliumLoadBalancerIPPool` `spec.blocks` / `spec.cidrs` lie inside the hybrid cluster's remote node CIDRs, clear of its remote pod CIDRs and of each other",
      "no pool covers a BGP peer's address (Cilium, Calico or MetalLB `BGPPeer`)",
    ],
  },
  check: (ix, _c, notApplicable) => {
    const clusters = hybridClusters(ix);
    const pools = ix.of(T.metallbPool, ...T.ciliumLbPools);
    if (!clusters.length || !pools.length) return notApplicable("needs an EKS cluster with remoteNetworkConfig and a load balancer pool");
    const nodeCidrs = clusters.flatMap((c) => c.nodeCidrs.map((x) => x.cidr));
    const podCidrs = clusters.flatMap((c) => c.podCidrs.map((x) => x.cidr));
    const reserved: ReservedAddress[] = bgpPeerAddresses(ix).flatMap((s) => {
      const ip = parseIpv4(s.address);
      return ip.ok ? [{ holder: `the BGP peer of ${s.res.name} (${s.key})`, ip: ip.value }] : [];
    });
    // One call over every pool so that overlaps between pools are found too.
    const all = pools.flatMap((r) => entries(r).map((e) => ({ r, e: { key: `${r.name}: ${e.key}`, value: e.value } })));
    const { problems } = checkLbPools(
      all.map((x) => x.e),
      { nodeCidrs, podCidrs, reserved },
    );
    return problems.map((problem): Finding => {
      const res = all.find((x) => x.e.key === problem.key)!.r;
      return { res, problem: { ...problem, key: problem.key.slice(res.name.length + 2) } };
    });
  },
});
