/**
 * `firewall.md`: every flow the on-prem firewall must allow for the hybrid nodes, as a markdown
 * table (source, destination, protocol, port, why). Pure.
 */
import { CALICO_API_SERVER_PORT, NetworkPlan } from "../plan";
import { gatewayFlows } from "./gateway/flows";

/** One allowed flow. */
export interface Flow {
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly port: string;
  readonly why: string;
}

const list = (xs: readonly string[]) => xs.join(", ");

/** Every flow, in the order the table lists them. */
export function firewallFlows(plan: NetworkPlan): Flow[] {
  const nodes = list(plan.remote.nodeCidrs);
  const pods = list(plan.remote.podCidrs);
  const vpc = list(plan.vpcCidrs);
  const router = plan.router.address;
  const cgw = plan.vpn.customerGatewayIp;
  const tunnels = "<vpn.tunnel1.outsideIp>, <vpn.tunnel2.outsideIp>";
  const flows: Flow[] = [
    { source: cgw, destination: tunnels, protocol: "UDP", port: "500", why: "IPsec IKE with both AWS VPN tunnels" },
    { source: cgw, destination: tunnels, protocol: "UDP", port: "4500", why: "IPsec NAT traversal (IKE and ESP in UDP)" },
    { source: cgw, destination: tunnels, protocol: "ESP (IP 50)", port: "-", why: "IPsec ESP without NAT traversal" },
    {
      source: nodes,
      destination: `${vpc} (EKS control plane ENIs)`,
      protocol: "TCP",
      port: "443",
      why: "kubelet and kube-proxy to the Kubernetes API server",
    },
    {
      source: pods,
      destination: `${vpc} (EKS control plane ENIs)`,
      protocol: "TCP",
      port: "443",
      why: "pods (CNI agents, controllers) to the Kubernetes API server",
    },
    {
      source: nodes,
      destination: "AWS public endpoints (SSM, STS, EKS, ECR, S3) or their VPC endpoints",
      protocol: "TCP",
      port: "443",
      why: "node registration, credentials and image pulls (nodeadm)",
    },
    {
      source: vpc,
      destination: nodes,
      protocol: "TCP",
      port: "10250",
      why: "control plane to the kubelet (logs, exec, port-forward, metrics)",
    },
    ...plan.cluster.webhookPorts.map((p) => ({
      source: vpc,
      destination: pods,
      protocol: "TCP",
      port: String(p),
      why:
        plan.cni.kind === "calico" && p === CALICO_API_SERVER_PORT
          ? "control plane to the Calico API server (aggregated API) on pods of hybrid nodes"
          : "control plane to admission webhooks on pods of hybrid nodes",
    })),
    {
      source: list([...plan.remote.nodeCidrs, ...plan.remote.podCidrs]),
      destination: pods,
      protocol: "UDP and TCP",
      port: "53",
      why: "DNS to CoreDNS pods running on hybrid nodes",
    },
    { source: vpc, destination: pods, protocol: "UDP and TCP", port: "53", why: "DNS from the VPC to CoreDNS pods on hybrid nodes" },
  ];
  if (plan.loadBalancing.awsLoadBalancerController) {
    flows.push({
      source: vpc,
      destination: pods,
      protocol: "TCP",
      port: "Service target ports",
      why: "ALB/NLB traffic and health checks to pod IPs (target-type: ip)",
    });
  }
  if (plan.cni.kind === "calico") {
    flows.push(
      { source: nodes, destination: nodes, protocol: "UDP", port: "4789", why: "Calico VXLAN between nodes" },
      { source: nodes, destination: nodes, protocol: "TCP", port: "5473", why: "calico-node to Typha" },
    );
  } else {
    flows.push(
      { source: nodes, destination: nodes, protocol: "UDP", port: "8472", why: "Cilium VXLAN between nodes" },
      { source: nodes, destination: nodes, protocol: "TCP", port: "4240", why: "Cilium health checks between nodes" },
      { source: nodes, destination: nodes, protocol: "ICMP", port: "echo (type 8/0)", why: "Cilium health checks between nodes" },
    );
  }
  if (plan.cni.routing === "bgp") {
    flows.push({
      source: nodes,
      destination: router,
      protocol: "TCP",
      port: "179",
      why: `BGP from the nodes (${plan.cni.kind}) to the router (route reflector, AS ${plan.router.asn})`,
    });
  }
  if (plan.vpn.routing === "bgp") {
    flows.push({
      source: "<vpn.tunnel1.cgwInsideIp>, <vpn.tunnel2.cgwInsideIp>",
      destination: "<vpn.tunnel1.vgwInsideIp>, <vpn.tunnel2.vgwInsideIp>",
      protocol: "TCP",
      port: "179",
      why: "BGP with the Transit Gateway inside the tunnels",
    });
  }
  if (plan.loadBalancing.metallb?.mode === "bgp") {
    flows.push({ source: nodes, destination: router, protocol: "TCP", port: "179", why: "MetalLB BGP speakers to the router" });
  }
  if (plan.loadBalancing.metallb?.mode === "l2") {
    flows.push({ source: nodes, destination: nodes, protocol: "TCP and UDP", port: "7946", why: "MetalLB memberlist between speakers" });
  }
  flows.push(...gatewayFlows(plan));
  return flows;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The markdown file. */
export function renderFirewall(plan: NetworkPlan): string {
  const rows = firewallFlows(plan).map((f) => `| ${[f.source, f.destination, f.protocol, f.port, f.why].map(cell).join(" | ")} |`);
  return [
    `# On-prem firewall flows for ${plan.cluster.name}`,
    "",
    "Allow these flows (stateful: replies are implied). Values in `<…>` are known only after AWS",
    "creates the VPN connection; read them from the stack outputs.",
    "",
    "| Source | Destination | Protocol | Port | Why |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
