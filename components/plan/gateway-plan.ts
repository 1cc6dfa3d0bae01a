/**
 * The EKS Hybrid Nodes gateway as the plan decides it, and the facts about it that AWS documents.
 *
 * Sources (checked 2026-11-29):
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-overview.html
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-cni.html
 * - github.com/aws/eks-hybrid-nodes-gateway: charts/eks-hybrid-nodes-gateway (values.yaml,
 *   templates/deployment.yaml), internal/vxlan (VNI 2, port 8472, MAC 02:00:<node IPv4>).
 */

/** Facts of the gateway that the program and the lab rely on. */
export const GATEWAY = {
  /** Helm chart name (OCI: `oci://public.ecr.aws/eks/eks-hybrid-nodes-gateway`). */
  chart: "eks-hybrid-nodes-gateway",
  /** Namespace and service account of the chart's pods (the pod identity association's target). */
  namespace: "eks-hybrid-nodes-gateway",
  serviceAccount: "eks-hybrid-nodes-gateway",
  /** Node label the chart's nodeSelector requires (`nodeLabel` value) and the taint key it tolerates. */
  nodeLabel: "hybrid-gateway-node",
  /** VXLAN network identifier and UDP port of the gateway's `hybrid_vxlan0` (Cilium's defaults). */
  vni: 2,
  vxlanPort: 8472,
  /** The gateway's VXLAN interface name. */
  vxlanInterface: "hybrid_vxlan0",
  /** The chart's default lease name; the leader programs the VPC routes. */
  leaderLease: "hybrid-gateway-leader",
  /** EC2 actions the gateway calls to manage the VPC routes (getting-started page, "IAM permissions"). */
  routeActions: ["ec2:CreateRoute", "ec2:ReplaceRoute"],
  describeActions: ["ec2:DescribeRouteTables", "ec2:DescribeInstances"],
  /** Minimum AWS Cilium builds with VTEP, per line (hybrid-nodes-gateway-cni page). */
  minCiliumVersions: { "1.17": "1.17.13-1", "1.18": "1.18.8-1", "1.19": "1.19.2-1" } as Record<string, string>,
  /** AWS's Cilium build (the only one with the VTEP support the gateway needs). */
  awsCiliumRepository: "oci://public.ecr.aws/eks/cilium",
} as const;

/** MAC address the gateway gives a VTEP of IPv4 address `ip`: `02:00:` + the four octets (internal/vxlan/vtep.go). */
export function gatewayVtepMac(ip: string): string {
  return ["02", "00", ...ip.split(".").map((o) => Number(o).toString(16).padStart(2, "0"))].join(":");
}

/** The gateway as planned (`cni.podRouting: gateway`). */
export interface GatewayPlan {
  /** Managed node group size (min = max = desired). */
  readonly nodeCount: number;
  readonly instanceType: string;
  readonly chartVersion: string;
  /** OCI path above the chart. */
  readonly chartRepository: string;
  /** Availability zones the gateway nodes spread over (created VPC), or `[]` when adopted subnets decide. */
  readonly availabilityZones: readonly string[];
  /**
   * CIDRs the gateway nodes' addresses come from (the private subnets of a created VPC; the VPC
   * CIDRs when adopted): the on-prem firewall's source and destination for UDP 8472.
   */
  readonly nodeAddressCidrs: readonly string[];
}

/**
 * Mixed clusters (hybrid nodes plus nodes in the VPC), as AWS recommends them when the on-prem
 * network does not route the pod CIDRs
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html, "Considerations
 * for mixed mode clusters" and "Configure add-ons and webhooks for mixed mode clusters"): the
 * Amazon VPC CNI on the cloud nodes, webhooks on the cloud nodes (node affinity
 * `eks.amazonaws.com/compute-type NotIn [hybrid]`), CoreDNS replicas on both sides with a
 * topology zone label on the hybrid nodes and `trafficDistribution: PreferClose` on kube-dns.
 */
export const MIXED_CLUSTER = {
  /** Label EKS puts on hybrid nodes; cloud nodes lack it. */
  computeTypeLabel: "eks.amazonaws.com/compute-type",
  hybridComputeType: "hybrid",
  /** The topology label AWS asks for on hybrid nodes (cloud nodes get their AZ from EKS). */
  zoneLabel: "topology.kubernetes.io/zone",
  /** Value of the zone label on hybrid nodes (the AWS page's example value). */
  onPremZone: "onprem",
  /** Label of the general cloud nodes (the program's own; workloads may select it). */
  cloudNodeLabel: "eks-hybrid-network/cloud-node",
} as const;

/** The general cloud node group of a mixed cluster. */
export interface CloudNodesPlan {
  /** Managed node group size (min = max = desired). */
  readonly nodeCount: number;
  readonly instanceType: string;
  /** Why the group exists: the add-ons placed on it (for people and the README). */
  readonly hosts: readonly string[];
}
