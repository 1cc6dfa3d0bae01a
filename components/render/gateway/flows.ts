/**
 * On-prem firewall flows of pod routing mode `gateway`: UDP 8472 (VXLAN, VNI 2) between the
 * hybrid nodes and the gateway nodes' addresses, both ways — "the on-premises firewall rules
 * must also permit UDP port 8472 traffic to and from the gateway node IP addresses"
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html).
 * Traffic between the VPC and hybrid pods (webhooks, load balancers) crosses the VPN inside
 * these tunnels, addressed node ↔ gateway node.
 */
import { NetworkPlan } from "../../plan";
import { GATEWAY } from "../../plan/gateway-plan";
import type { Flow } from "../firewall";

/** The gateway's flows (none in other modes). */
export function gatewayFlows(plan: NetworkPlan): Flow[] {
  const g = plan.gateway;
  if (!g) return [];
  const nodes = plan.remote.nodeCidrs.join(", ");
  const gateways = `${g.nodeAddressCidrs.join(", ")} (EKS Hybrid Nodes gateway nodes)`;
  const port = String(GATEWAY.vxlanPort);
  return [
    {
      source: nodes,
      destination: gateways,
      protocol: "UDP",
      port,
      why: `Cilium VTEP to the active gateway: VXLAN VNI ${GATEWAY.vni}, hybrid pods → VPC`,
    },
    {
      source: gateways,
      destination: nodes,
      protocol: "UDP",
      port,
      why: `gateway to Cilium on hybrid nodes: VXLAN VNI ${GATEWAY.vni}, VPC → hybrid pods`,
    },
  ];
}
