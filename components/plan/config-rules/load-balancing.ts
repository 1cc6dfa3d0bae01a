/** Rules on load balancing: pools on the node network, which load balancers go together. */
import { checkLoadBalancingConfig } from "../load-balancing-config";
import { ReservedAddress } from "../rules/lb-pools";
import { ConfigRule } from "./rule";

export const loadBalancing: ConfigRule = {
  id: "load-balancing",
  summary:
    "LB pools lie in the node network, clear of nodes, the router and the pods, with unique names; MetalLB, Cilium LB IPAM and the ALB controller are combined only in ways that work with the CNI; the ALB controller chart supports hybrid pods.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-ingress.html",
  reads: [
    "loadBalancing",
    "onPrem.nodeCidrs",
    "onPrem.podCidrs",
    "nodes[].ip",
    "router.address",
    "cni.kind",
    "cni.routing",
    "cluster.webhookPorts",
  ],
  check: (c, { derived }) => {
    if (!c.loadBalancing) return [];
    const reserved: ReservedAddress[] = [...derived.nodeIps].map(([name, ip]) => ({ holder: `node ${name}`, ip }));
    if (derived.routerIp !== undefined) reserved.push({ holder: "the router", ip: derived.routerIp });
    return checkLoadBalancingConfig(
      c,
      derived.nodeCidrs.map((x) => x.cidr),
      derived.podCidrs.map((x) => x.cidr),
      reserved,
    );
  },
};
