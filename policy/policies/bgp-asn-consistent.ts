/**
 * bgp-asn-consistent: with Cilium or Calico BGP to the on-prem router as route reflector, the
 * cluster's local ASN is the router's, ASNs are valid, and peer addresses lie in the node CIDRs.
 */
import { cidr, parseIpv4 } from "../../components/plan/cidr";
import { checkAddressInNodeNetwork, checkAsn, checkRouteReflectorAsn, Problem } from "../../components/plan/rules";
import { bgpSessions } from "../lib/bgp";
import { Finding, stackPolicy } from "../lib/define";
import { hybridClusters } from "../lib/stack";

export const bgpAsnConsistent = stackPolicy<{ requireIbgp: boolean }>({
  name: "bgp-asn-consistent",
  description:
    "The cluster's BGP local ASN matches the route reflector's (iBGP), ASNs are valid, and BGP peer addresses lie in the remote node CIDRs.",
  config: {
    requireIbgp: {
      type: "boolean",
      default: true,
      description: "The router is an iBGP route reflector: local and peer ASN must be equal. Turn off for eBGP designs.",
    },
  },
  check: (resources, config, notApplicable) => {
    const sessions = bgpSessions(resources);
    if (!sessions.length) return notApplicable("no Cilium or Calico BGP peers in the stack");
    const nodeCidrs = hybridClusters(resources).flatMap((c) => c.nodeCidrs.map((x) => cidr(x.cidr.text)));
    return sessions.flatMap((s): Finding[] => {
      const problems: Problem[] = [];
      if (s.local !== undefined) problems.push(...checkAsn("bgp", { key: s.localKey, value: s.local }));
      if (s.peer !== undefined && s.peer !== 0) problems.push(...checkAsn("bgp", { key: s.peerKey, value: s.peer }));
      if (config.requireIbgp && s.local !== undefined && s.peer !== undefined && s.peer !== 0) {
        problems.push(...checkRouteReflectorAsn({ key: s.localKey, value: s.local }, { key: s.peerKey, value: s.peer }));
      }
      const ip = s.address ? parseIpv4(s.address) : undefined;
      if (s.address && ip && !ip.ok)
        problems.push({ key: s.addressKey, value: s.address, rule: `${ip.reason}; BGP peers of hybrid nodes are IPv4 addresses` });
      if (s.address && ip?.ok)
        problems.push(...checkAddressInNodeNetwork({ key: s.addressKey, value: s.address }, ip.value, nodeCidrs, "BGP peer address"));
      return problems.map((problem) => ({ res: s.res, problem }));
    });
  },
});
