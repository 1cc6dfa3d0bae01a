/**
 * lb-pools-in-node-network: MetalLB `IPAddressPool` and `CiliumLoadBalancerIPPool` addresses lie
 * inside the remote node CIDRs, clear of the remote pod CIDRs and of the BGP peers (the router).
 */
import { parseIpv4 } from "../../components/plan/cidr";
import { checkLbPools, Keyed, ReservedAddress } from "../../components/plan/rules";
import { bgpSessions } from "../lib/bgp";
import { Finding, stackPolicy } from "../lib/define";
import { known, str } from "../lib/props";
import { hybridClusters, ofType, Plain, spec, T } from "../lib/stack";

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
    "MetalLB IPAddressPool and CiliumLoadBalancerIPPool addresses lie inside the remote node CIDRs and clear of the remote pod CIDRs.",
  check: (resources, _c, notApplicable) => {
    const clusters = hybridClusters(resources);
    const pools = ofType(resources, T.metallbPool, ...T.ciliumLbPools);
    if (!clusters.length || !pools.length) return notApplicable("needs an EKS cluster with remoteNetworkConfig and a load balancer pool");
    const nodeCidrs = clusters.flatMap((c) => c.nodeCidrs.map((x) => x.cidr));
    const podCidrs = clusters.flatMap((c) => c.podCidrs.map((x) => x.cidr));
    const reserved: ReservedAddress[] = bgpSessions(resources).flatMap((s) => {
      const ip = s.address ? parseIpv4(s.address) : undefined;
      return ip?.ok ? [{ holder: `the BGP peer of ${s.res.name}`, ip: ip.value }] : [];
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
