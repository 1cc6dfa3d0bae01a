/**
 * The one list of network flows a hybrid cluster needs, decided from the plan. The cluster's
 * security group rules (`components/network/sg-rules.ts`), `firewall.md` and `firewall.json`
 * (`components/render/firewall.ts`) and the lab's twin are all derived from it, so they cannot
 * drift. Pure: no Pulumi.
 *
 * Sources (each flow names its own):
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html (tables
 *   "Access required during hybrid node installation and upgrade" and "… ongoing cluster operations")
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html (CNI ports)
 * - https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html (IPsec through a firewall)
 */
import { gatewayFlows } from "./flows-gateway";
import { awsEndpointFlows } from "./flows-aws-endpoints";
import { FlowEnd, NetworkFlow, cidrs, DOCS } from "./flow-types";
import { NetworkPlan } from "./network-plan";
import { lbFlows } from "./flows-lb";

export * from "./flow-types";

/** Port of the Calico API server (aggregated API) on pods; mirrors `CALICO_API_SERVER_PORT`. */
const CALICO_API_SERVER = 5443;

function vpnFlows(plan: NetworkPlan): NetworkFlow[] {
  const cgw = cidrs("customer gateway", [plan.vpn.customerGatewayIp]);
  const tunnels: FlowEnd = {
    label: "AWS VPN tunnel outside IPs",
    addresses: [],
    hosts: [],
    placeholders: ["<vpn.tunnel1.outsideIp>", "<vpn.tunnel2.outsideIp>"],
  };
  const base = { from: cgw, to: tunnels, source: DOCS.vpnFirewall, enforcedBy: ["onprem-firewall"] as const, phase: "ongoing" as const };
  const flows: NetworkFlow[] = [
    { ...base, id: "vpn-ike", protocols: ["udp"], ports: [500], why: "IPsec IKE with both AWS VPN tunnels" },
    { ...base, id: "vpn-nat-t", protocols: ["udp"], ports: [4500], why: "IPsec NAT traversal (IKE and ESP in UDP)" },
    { ...base, id: "vpn-esp", protocols: ["esp"], ports: [], why: "IPsec ESP without NAT traversal" },
  ];
  if (plan.vpn.routing === "bgp") {
    flows.push({
      id: "vpn-bgp",
      from: {
        label: "customer gateway tunnel inside IPs",
        addresses: [],
        hosts: [],
        placeholders: ["<vpn.tunnel1.cgwInsideIp>", "<vpn.tunnel2.cgwInsideIp>"],
      },
      to: {
        label: "AWS tunnel inside IPs",
        addresses: [],
        hosts: [],
        placeholders: ["<vpn.tunnel1.vgwInsideIp>", "<vpn.tunnel2.vgwInsideIp>"],
      },
      protocols: ["tcp"],
      ports: [179],
      why: "BGP with the Transit Gateway inside the tunnels",
      source: DOCS.vpnFirewall,
      enforcedBy: ["onprem-firewall"],
      phase: "ongoing",
    });
  }
  return flows;
}

/** The endpoint nodes and pods reach: the VPC (private endpoint) or the endpoint's public IPs. */
function apiServer(plan: NetworkPlan): FlowEnd {
  if (plan.cluster.endpointPrivate) return cidrs("EKS control plane ENIs in the VPC (private endpoint)", plan.vpcCidrs);
  return { label: "EKS cluster endpoint, public IPs", addresses: [], hosts: [], placeholders: ["<eks.endpoint>"] };
}

/**
 * How traffic from the VPC to hybrid pods crosses on-prem, by pod routing mode:
 * - `routed` (static, bgp): addressed to the pod IPs, so the on-prem firewall must allow it;
 * - `tunnelled` (gateway): inside VXLAN from the gateway nodes (UDP 8472, `flows-gateway.ts`), so
 *   the on-prem firewall sees only the tunnel and must not list pod rows; the AWS side (the
 *   cluster security group's egress to the pod CIDRs) stays, since the inner packets carry them;
 * - `absent` (none): nothing in AWS reaches a hybrid pod; webhooks run on cloud nodes.
 */
export function vpcToPods(plan: NetworkPlan): "routed" | "tunnelled" | "absent" {
  if (plan.cni.routing === "gateway") return "tunnelled";
  return plan.cni.routing === "none" ? "absent" : "routed";
}

function controlPlaneFlows(plan: NetworkPlan): NetworkFlow[] {
  const nodes = cidrs("hybrid nodes", plan.remote.nodeCidrs);
  const pods = cidrs("pods on hybrid nodes", plan.remote.podCidrs);
  const cp = cidrs("EKS control plane ENIs in the VPC", plan.vpcCidrs);
  const both = ["onprem-firewall", "cluster-security-group"] as const;
  const toPods = vpcToPods(plan);
  const ongoing = { source: DOCS.networking, phase: "ongoing" as const };
  const endpoint = plan.cluster.endpointPrivate ? "private endpoint" : "public endpoint";
  return [
    {
      ...ongoing,
      id: "nodes-to-api-server",
      from: nodes,
      to: apiServer(plan),
      protocols: ["tcp"],
      ports: [443],
      why: `kubelet and kube-proxy to the Kubernetes API server (${endpoint})`,
      enforcedBy: both,
    },
    {
      ...ongoing,
      id: "pods-to-api-server",
      from: pods,
      to: apiServer(plan),
      protocols: ["tcp"],
      ports: [443],
      why: `pods (CNI agents, controllers) to the Kubernetes API server (${endpoint})`,
      enforcedBy: both,
    },
    {
      ...ongoing,
      id: "control-plane-to-kubelet",
      from: cp,
      to: nodes,
      protocols: ["tcp"],
      ports: [10250],
      why: "control plane to the kubelet (logs, exec, port-forward, metrics)",
      enforcedBy: both,
    },
    ...(toPods === "absent" ? [] : plan.cluster.webhookPorts).map((port): NetworkFlow => ({
      ...ongoing,
      id: `control-plane-to-webhook-${port}`,
      from: cp,
      to: pods,
      protocols: ["tcp"],
      ports: [port],
      why:
        plan.cni.kind === "calico" && port === CALICO_API_SERVER
          ? "control plane to the Calico API server (aggregated API) on pods of hybrid nodes"
          : "control plane to admission webhooks on pods of hybrid nodes",
      enforcedBy: toPods === "tunnelled" ? ["cluster-security-group"] : both,
    })),
    {
      ...ongoing,
      id: "control-plane-to-vpc-https",
      from: cp,
      to: cidrs("the VPC", plan.vpcCidrs),
      protocols: ["tcp"],
      ports: [443],
      why: "control plane to HTTPS inside the VPC (the hybrid security group has no default egress)",
      enforcedBy: ["cluster-security-group"],
    },
    {
      ...ongoing,
      id: "dns-to-coredns",
      from: cidrs("hybrid nodes and their pods", [...plan.remote.nodeCidrs, ...plan.remote.podCidrs]),
      to: pods,
      protocols: ["udp", "tcp"],
      ports: [53],
      why: "DNS to CoreDNS pods running on hybrid nodes",
      enforcedBy: ["onprem-firewall"],
    },
    // On-prem only: with the gateway it is inside VXLAN; with none, cloud pods use CoreDNS on cloud nodes.
    ...(toPods !== "routed"
      ? []
      : [
          {
            ...ongoing,
            id: "vpc-dns-to-coredns",
            from: cidrs("the VPC", plan.vpcCidrs),
            to: pods,
            protocols: ["udp", "tcp"],
            ports: [53],
            why: "DNS from the VPC to CoreDNS pods on hybrid nodes",
            enforcedBy: ["onprem-firewall"],
          } satisfies NetworkFlow,
        ]),
  ];
}

function cniFlows(plan: NetworkPlan): NetworkFlow[] {
  const nodes = cidrs("hybrid nodes", plan.remote.nodeCidrs);
  const base = { from: nodes, to: nodes, source: DOCS.cni, enforcedBy: ["onprem-firewall"] as const, phase: "ongoing" as const };
  const flows: NetworkFlow[] =
    plan.cni.kind === "calico"
      ? [
          { ...base, id: "calico-vxlan", protocols: ["udp"], ports: [4789], why: "Calico VXLAN between nodes", source: DOCS.calicoPorts },
          { ...base, id: "calico-typha", protocols: ["tcp"], ports: [5473], why: "calico-node to Typha", source: DOCS.calicoPorts },
        ]
      : [
          { ...base, id: "cilium-vxlan", protocols: ["udp"], ports: [8472], why: "Cilium VXLAN between nodes", source: DOCS.ciliumPorts },
          {
            ...base,
            id: "cilium-health",
            protocols: ["tcp"],
            ports: [4240],
            why: "Cilium health checks between nodes",
            source: DOCS.ciliumPorts,
          },
          {
            ...base,
            id: "cilium-health-icmp",
            protocols: ["icmp"],
            ports: [],
            icmpTypes: ["echo-request"],
            why: "Cilium health checks between nodes",
            source: DOCS.ciliumPorts,
          },
        ];
  if (plan.cni.routing === "bgp") {
    flows.push({
      ...base,
      id: "cni-bgp",
      to: cidrs("on-prem router", [plan.router.address]),
      protocols: ["tcp"],
      ports: [179],
      why: `BGP from the nodes (${plan.cni.kind}) to the router (route reflector, AS ${plan.router.asn})`,
    });
  }
  return flows;
}

/**
 * Every flow the hybrid cluster needs, in the order `firewall.md` lists them. Ids are stable:
 * the security group rules, the firewall files and the lab refer to flows by id.
 */
export function flowsFor(plan: NetworkPlan): NetworkFlow[] {
  return [
    ...vpnFlows(plan),
    ...controlPlaneFlows(plan),
    ...awsEndpointFlows(plan),
    ...cniFlows(plan),
    ...lbFlows(plan),
    ...gatewayFlows(plan),
  ];
}
