/**
 * Flows of pod routing mode `gateway`: VXLAN (VNI 2, UDP 8472) between the hybrid nodes and the
 * EKS Hybrid Nodes gateway nodes, both ways — "the on-premises firewall rules must also permit UDP
 * port 8472 traffic to and from the gateway node IP addresses"
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html).
 * Traffic between the VPC and hybrid pods (webhooks, load balancers) crosses the VPN inside these
 * tunnels, addressed node ↔ gateway node. The gateway nodes' own security group carries the AWS
 * side (`components/render/gateway/security-group.ts`), so these flows are on-prem only. Pure.
 */
import { cidrs, NetworkFlow } from "./flow-types";
import { GATEWAY } from "./gateway-plan";
import { NetworkPlan } from "./network-plan";

const SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html";

/** The gateway's flows (none in other modes). */
export function gatewayFlows(plan: NetworkPlan): NetworkFlow[] {
  const g = plan.gateway;
  if (!g) return [];
  const nodes = cidrs("hybrid nodes (Cilium VTEP)", plan.remote.nodeCidrs);
  const gateways = cidrs("EKS Hybrid Nodes gateway nodes (private subnets)", g.nodeAddressCidrs);
  const base = {
    protocols: ["udp"] as const,
    ports: [GATEWAY.vxlanPort],
    source: SOURCE,
    enforcedBy: ["onprem-firewall"] as const,
    phase: "ongoing" as const,
  };
  return [
    {
      ...base,
      id: "gateway-vxlan-to-gateway",
      from: nodes,
      to: gateways,
      why: `Cilium VTEP to the active gateway: VXLAN VNI ${GATEWAY.vni}, hybrid pods → VPC`,
    },
    {
      ...base,
      id: "gateway-vxlan-to-nodes",
      from: gateways,
      to: nodes,
      why: `gateway to Cilium on hybrid nodes: VXLAN VNI ${GATEWAY.vni}, VPC → hybrid pods`,
    },
  ];
}
