/** remote-cidrs-private: remote node and pod CIDRs are RFC 1918 or 100.64.0.0/10, /8–/32. */
import { checkRemoteCidrs } from "../../components/plan/rules";
import { resourcePolicy } from "../lib/define";
import { clusterFacts, T } from "../lib/stack";

export const remoteCidrsPrivate = resourcePolicy({
  name: "remote-cidrs-private",
  description: "Remote node and pod CIDRs of an EKS cluster are IPv4, RFC 1918 or 100.64.0.0/10, and /8 to /32.",
  types: [T.cluster],
  fix: "use the private (RFC 1918 or 100.64.0.0/10) network the on-prem nodes and pods really use, written as its network address",
  meta: {
    reads: [T.cluster],
    checks: ["`remoteNetworkConfig` node and pod CIDRs are IPv4 CIDRs without host bits, RFC 1918 or 100.64.0.0/10, /8 to /32"],
  },
  check: (r, _c, notApplicable) => {
    const f = clusterFacts(r) ?? notApplicable("the cluster has no remoteNetworkConfig");
    return [...checkRemoteCidrs("node", f.nodeEntries).problems, ...checkRemoteCidrs("pod", f.podEntries).problems];
  },
});
