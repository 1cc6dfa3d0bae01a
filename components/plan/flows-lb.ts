/**
 * Load balancing flows: load balancer nodes in the VPC to pod targets (AWS Load Balancer
 * Controller, `target-type: ip`), on-prem clients to the LoadBalancer pools (MetalLB, Cilium LB
 * IPAM), and MetalLB's own traffic (memberlist in L2, BGP to the router). Pure.
 */
import { DOCS, NetworkFlow, cidrs } from "./flow-types";
import { NetworkPlan } from "./network-plan";

/** Port the demo apps' LoadBalancer Service listens on (`components/render/lb/demo-apps.ts`). */
const DEMO_SERVICE_PORT = 80;

/** The load balancing flows of the plan. */
export function lbFlows(plan: NetworkPlan): NetworkFlow[] {
  const lb = plan.loadBalancing;
  const nodes = cidrs("hybrid nodes", plan.remote.nodeCidrs);
  const flows: NetworkFlow[] = [];
  // On-prem only: with the gateway the targets are reached inside VXLAN (the gateway nodes'
  // security group forwards VPC traffic); with none, IP targets on hybrid pods are refused.
  if (lb.awsLoadBalancerController && plan.cni.routing !== "gateway" && plan.cni.routing !== "none") {
    flows.push({
      id: "lb-to-pod-targets",
      from: cidrs("ALB/NLB nodes in the VPC", plan.vpcCidrs),
      to: cidrs("pods on hybrid nodes", plan.remote.podCidrs),
      protocols: ["tcp"],
      ports: [],
      portsLabel: "Service target ports",
      why: "ALB/NLB traffic and health checks to pod IPs (target-type: ip)",
      source: DOCS.loadBalancing,
      enforcedBy: ["onprem-firewall"],
      phase: "ongoing",
    });
  }
  const pools = [...(lb.metallb?.pools ?? []), ...(lb.ciliumLbIpam?.pools ?? [])];
  if (pools.length > 0) {
    flows.push({
      id: "clients-to-lb-pools",
      from: { label: "on-prem clients", addresses: [], hosts: [], placeholders: [] },
      to: cidrs(
        "LoadBalancer Service addresses",
        pools.flatMap((p) => p.addresses),
      ),
      protocols: ["tcp"],
      ports: lb.demoApps ? [DEMO_SERVICE_PORT] : [],
      ...(lb.demoApps ? {} : { portsLabel: "Service ports" }),
      why: `on-prem clients to LoadBalancer Services (${lb.metallb ? "MetalLB" : "Cilium LB IPAM"} pools)`,
      source: DOCS.loadBalancing,
      enforcedBy: ["onprem-firewall"],
      phase: "ongoing",
    });
  }
  if (lb.metallb?.mode === "bgp") {
    flows.push({
      id: "metallb-bgp",
      from: nodes,
      to: cidrs("on-prem router", [plan.router.address]),
      protocols: ["tcp"],
      ports: [179],
      why: "MetalLB BGP speakers to the router",
      source: DOCS.metallb,
      enforcedBy: ["onprem-firewall"],
      phase: "ongoing",
    });
  }
  if (lb.metallb?.mode === "l2") {
    flows.push({
      id: "metallb-memberlist",
      from: nodes,
      to: nodes,
      protocols: ["tcp", "udp"],
      ports: [7946],
      why: "MetalLB memberlist between speakers",
      source: DOCS.metallb,
      enforcedBy: ["onprem-firewall"],
      phase: "ongoing",
    });
  }
  return flows;
}
