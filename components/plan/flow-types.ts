/** Types of the flow list (`flows.ts`) and the documents the flows cite. Pure. */

/** Where a flow's packets are allowed. */
export type FlowEnforcer = "onprem-firewall" | "cluster-security-group";

/** IP protocols a flow uses. `esp` is IP protocol 50; `icmp` names its types in `icmpTypes`. */
export type FlowProtocol = "tcp" | "udp" | "icmp" | "esp";

/**
 * One side of a flow. Exactly the union of `addresses`, `hosts` and `placeholders` is allowed;
 * all three empty means any address (e.g. on-prem clients of a load balancer).
 */
export interface FlowEnd {
  /** What this side is, for people: `hybrid nodes`, `AWS service endpoints`. */
  readonly label: string;
  /** IPv4 CIDRs, single addresses or `a-b` ranges (as load balancer pools write them). */
  readonly addresses: readonly string[];
  /** DNS names (AWS service endpoints); a firewall resolves them or uses the AWS IP ranges. */
  readonly hosts: readonly string[];
  /** Values known only after AWS creates them, e.g. `<vpn.tunnel1.outsideIp>`, `<eks.endpoint>`. */
  readonly placeholders: readonly string[];
}

/** One flow the hybrid cluster needs (stateful: replies are implied). */
export interface NetworkFlow {
  /** Stable id; security group rules and firewall rows carry it. */
  readonly id: string;
  /** Initiator. */
  readonly from: FlowEnd;
  /** Responder. */
  readonly to: FlowEnd;
  readonly protocols: readonly FlowProtocol[];
  /** Destination ports; empty with tcp/udp = any port (see `portsLabel`), always empty for icmp/esp. */
  readonly ports: readonly number[];
  /** How people read the ports when `ports` is empty for tcp/udp, e.g. `Service target ports`. */
  readonly portsLabel?: string;
  /** ICMP types allowed (icmp only), nftables names: `echo-request`. */
  readonly icmpTypes?: readonly string[];
  /** Why the cluster needs it. */
  readonly why: string;
  /** The document that states the flow. */
  readonly source: string;
  /** Which devices must allow it: the on-prem firewall, the cluster's hybrid security group, or both. */
  readonly enforcedBy: readonly FlowEnforcer[];
  /** `install`: only while nodes install or upgrade (nodeadm); `ongoing`: always. */
  readonly phase: "install" | "ongoing";
}

/** A flow end made of addresses. */
export function cidrs(label: string, addresses: readonly string[]): FlowEnd {
  return { label, addresses, hosts: [], placeholders: [] };
}

/** A flow end made of DNS names. */
export function hosts(label: string, names: readonly string[]): FlowEnd {
  return { label, addresses: [], hosts: names, placeholders: [] };
}

/** Documents the flows cite. */
export const DOCS = {
  networking: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html",
  cni: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
  loadBalancing: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-load-balancing.html",
  vpnFirewall: "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
  ecrEndpoints: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
  albControllerEndpoints: "https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/",
  ciliumPorts: "https://docs.cilium.io/en/stable/operations/system_requirements/#firewall-rules",
  calicoPorts: "https://docs.tigera.io/calico/latest/getting-started/kubernetes/requirements#network-requirements",
  metallb: "https://metallb.universe.tf/installation/#requirements",
} as const;
