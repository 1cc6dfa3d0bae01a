/**
 * The NetworkPlan: every CIDR, per-node pod block, router peer, load balancer pool and route,
 * decided once from the stack config. Components, renderers and the policy pack read it; none
 * of them decides networking on its own. Plain data, no Pulumi.
 */
import type { CloudNodesPlan, GatewayPlan } from "./gateway-plan";
import type { PodRouting } from "./rules/pod-routing";

/** One availability zone's subnets in a created VPC. */
export interface AzPlan {
  /** AZ name, e.g. `us-west-2a`. */
  readonly name: string;
  /** Private subnet (nodes of the cluster, TGW attachment), tagged `kubernetes.io/role/internal-elb`. */
  readonly privateSubnetCidr: string;
  /** Public subnet (NAT, internet-facing LBs), tagged `kubernetes.io/role/elb`. */
  readonly publicSubnetCidr: string;
}

/** A VPC the program creates. */
export interface CreatedVpcPlan {
  readonly mode: "create";
  readonly cidr: string;
  readonly availabilityZones: readonly AzPlan[];
  readonly natGateways: "none" | "single" | "per-az";
  /**
   * Also route the remote networks from the public route table: `vpc.routeRemoteFromPublic`, or
   * always with the AWS Load Balancer Controller (internet-facing ALB/NLB nodes in the public
   * subnets send to pod IPs with `target-type: ip`).
   */
  readonly routeRemoteFromPublic: boolean;
}

/** A VPC that already exists and is adopted. */
export interface ExistingVpcPlan {
  readonly mode: "existing";
  readonly vpcId: string;
  /** Every CIDR of the VPC, for the overlap rules. */
  readonly cidrs: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  /** Route tables that get routes to the remote networks. */
  readonly routeTableIds: readonly string[];
  /** Whether the subnets carry the load balancer role tags already. */
  readonly subnetsTagged: boolean;
}

export type VpcPlan = CreatedVpcPlan | ExistingVpcPlan;

/** The Transit Gateway: created, or adopted by id. */
export type TransitGatewayPlan =
  | { readonly mode: "create"; readonly amazonSideAsn: number }
  | { readonly mode: "existing"; readonly id: string; readonly routeTableId?: string };

/** The Site-to-Site VPN between the Transit Gateway and the on-prem customer gateway. */
export interface VpnPlan {
  readonly customerGatewayIp: string;
  readonly customerGatewayAsn: number;
  /** `static`: TGW static routes to the VPN; `bgp`: routes propagated over the tunnels' BGP. */
  readonly routing: "static" | "bgp";
  /** Inside CIDRs of tunnel 1 and 2, when configured (else AWS picks). */
  readonly tunnelInsideCidrs: readonly string[];
  readonly transitGateway: TransitGatewayPlan;
}

/** A hybrid node and what the plan decided for it. */
export interface PlannedNode {
  readonly name: string;
  /** Node IP (`--node-ip`). */
  readonly ip: string;
  /** The node's pod block (Calico pool, on-prem static route, BGP announcement). */
  readonly podCidr: string;
  /** Whether `podCidr` was pinned in config. */
  readonly podCidrPinned: boolean;
  /** Every label the node must carry: user labels plus the pool selector label (`zone=<name>`). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The node's Kubernetes node name, where it is known: `registeredName`, else the configured name
   * with IAM Roles Anywhere (nodeadm registers it under that name). SSM nodes register as their
   * managed instance id (`mi-…`), unknown until they join.
   */
  readonly kubernetesName?: string;
}

/** A static route on the on-prem router: a node's pod block via that node. */
export interface OnPremRoute {
  readonly cidr: string;
  readonly nextHop: string;
  readonly node: string;
}

/** The CNI and its chart. */
export interface CniPlan {
  readonly kind: "calico" | "cilium";
  /** How AWS reaches hybrid pods (`cni.podRouting`; see `rules/pod-routing.ts`). */
  readonly routing: PodRouting;
  /** Helm chart name (`tigera-operator` or `cilium`). */
  readonly chart: string;
  readonly version: string;
  readonly chartRepository: string;
  /** Prefix length of each node's pod block. */
  readonly podBlockPrefix: number;
  /** Node label key the per-node Calico pools select on. */
  readonly poolSelectorLabel: string;
  /** BGP local ASN of the nodes (= the router's, for iBGP route reflection). */
  readonly localAsn: number;
  /** Cilium BGP CRD API version for the chart version (`cilium.io/v2` from 1.18). */
  readonly ciliumBgpApiVersion?: "cilium.io/v2" | "cilium.io/v2alpha1";
  /** Cilium's `upgradeCompatibility` (`major.minor` of `cni.firstInstalledVersion`), after an upgrade. */
  readonly upgradeCompatibility?: string;
}

/** An address pool for load balancers, on the node network. */
export interface LbPoolPlan {
  readonly name: string;
  /** `a-b` ranges or CIDRs, as written. */
  readonly addresses: readonly string[];
  readonly autoAssign: boolean;
}

/** How Services are exposed. */
export interface LoadBalancingPlan {
  readonly metallb?: {
    readonly mode: "l2" | "bgp";
    readonly version: string;
    readonly chartRepository: string;
    readonly pools: readonly LbPoolPlan[];
  };
  readonly awsLoadBalancerController?: { readonly version: string; readonly chartRepository: string };
  readonly ciliumLbIpam?: { readonly pools: readonly LbPoolPlan[] };
  readonly demoApps: boolean;
}

/** The cluster. */
export interface ClusterPlan {
  /** The cluster's EKS name: `existingClusterName` when adopting, else the configured `cluster.name`. */
  readonly name: string;
  /**
   * Base name of every resource the stack registers: always the configured `cluster.name`, so
   * switching between creating and adopting the cluster renames (replaces) nothing.
   */
  readonly resourceName: string;
  readonly kubernetesVersion: string;
  readonly serviceCidr: string;
  readonly endpointPublic: boolean;
  readonly endpointPrivate: boolean;
  readonly authenticationMode: "API" | "API_AND_CONFIG_MAP";
  /** Adopt the existing cluster of this name (no cluster resource is created). */
  readonly existingClusterName?: string;
  readonly nodeCredentials: "ssm" | "iam-roles-anywhere";
  readonly rolesAnywhereCaBundle?: string;
  /** Expiry of the SSM hybrid activation (RFC 3339); AWS's default (24 h after creation) when unset. */
  readonly ssmActivationExpiry?: string;
  /**
   * Ports on pod IPs the control plane calls: `cluster.webhookPorts` (admission webhooks), plus
   * 5443 with Calico (`CALICO_API_SERVER_PORT`: the Calico API server, an aggregated API that
   * tigera-operator installs by default; not with podRouting none, where it is off).
   * The security group egress and `firewall.md` follow it.
   */
  readonly webhookPorts: readonly number[];
}

/** The whole plan. */
export interface NetworkPlan {
  readonly region: string;
  readonly protect: boolean;
  /**
   * `network`: no Kubernetes resources (the nodes join with the nodeadm outputs first, since the
   * CNI release waits for pods on them); `full`: everything.
   */
  readonly phase: "network" | "full";
  readonly cluster: ClusterPlan;
  readonly vpc: VpcPlan;
  /** The cluster's remote networks (`remoteNetworkConfig`). */
  readonly remote: { readonly nodeCidrs: readonly string[]; readonly podCidrs: readonly string[] };
  readonly vpn: VpnPlan;
  readonly router: {
    readonly kind: "vyos" | "frr";
    readonly address: string;
    readonly asn: number;
    /** Redistribute the per-node static pod routes into this on-prem protocol (static CNI routing). */
    readonly redistributeStatic?: { readonly protocol: "ospf" | "bgp"; readonly area: string };
  };
  readonly nodes: readonly PlannedNode[];
  readonly cni: CniPlan;
  /** On-prem static routes (static routing only; BGP mode learns them). */
  readonly onPremRoutes: readonly OnPremRoute[];
  readonly loadBalancing: LoadBalancingPlan;
  /** The EKS Hybrid Nodes gateway (`cni.podRouting: gateway` only). */
  readonly gateway?: GatewayPlan;
  /** The general cloud node group of a mixed cluster (`podRouting: none`, or `gateway` with `cni.cloudNodes`). */
  readonly cloudNodes?: CloudNodesPlan;
  /** Every VPC CIDR (created or adopted). */
  readonly vpcCidrs: readonly string[];
  /** Non-fatal findings (e.g. adopted subnets without LB tags). */
  readonly warnings: readonly string[];
}
