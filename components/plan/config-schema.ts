/**
 * The stack config schema: everything a stack can set, with its defaults and documentation.
 *
 * Each top-level object is one Pulumi config key in the `eks-hybrid-network` namespace
 * (`eks-hybrid-network:cluster`, `eks-hybrid-network:onPrem`, …). Objects are strict: a key the
 * schema does not know is an error, so a typo is never silently ignored. Shapes only: the
 * hybrid networking rules (overlaps, ranges, capacity) live in `rules/`.
 *
 * The README's config reference is generated from the `.describe()` texts below.
 */
import { z } from "zod";
import { addressTextProblem } from "./address-text";
import { ALB_CONTROLLER_DEFAULT_CHART } from "./versions/alb-controller";
import { DEFAULT_KUBERNETES_VERSION } from "./versions/kubernetes";

/** A string that must be canonical address text (see `address-text.ts`); the shape is a rule's job. */
const addressText = () =>
  z.string().superRefine((v, ctx) => {
    const problem = addressTextProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const cidrText = addressText().describe("IPv4 CIDR, e.g. 192.168.32.0/23");
const ipText = addressText().describe("IPv4 address, e.g. 192.168.200.254");
/** DNS-1123 subdomain (Kubernetes object names), e.g. `node-01` or `mi-0123.example`. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const asn = z.number().int().describe("BGP autonomous system number (1–4294967295)");
const chartVersion = z.string().regex(/^v?\d+\.\d+\.\d+([-+].*)?$/, "must be a chart version like 1.2.3");
const labelMap = z.record(z.string(), z.string());

export const clusterSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]*$/, "must start with a letter or digit and contain only letters, digits, - and _")
      .describe("EKS cluster name (also the name of adopted clusters)."),
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d+$/, "is not a Kubernetes minor version like 1.35")
      .default(DEFAULT_KUBERNETES_VERSION)
      .describe(
        'Kubernetes minor version, quoted (`"1.35"`: unquoted, YAML reads 1.30 as 1.3). Judged by the EKS release calendar on the day of the plan: error after extended support, warning in extended support (extra cost).',
      ),
    serviceCidr: cidrText.describe(
      "Kubernetes service CIDR (`kubernetesNetworkConfig.serviceIpv4Cidr`); set explicitly so it can be checked against the remote networks.",
    ),
    endpointAccess: z
      .enum(["public", "private"])
      .default("public")
      .describe("API server endpoint: `public` or `private` (hybrid nodes need exactly one of them)."),
    authenticationMode: z
      .string()
      .default("API")
      .describe("Access config authentication mode: `API` or `API_AND_CONFIG_MAP` (`CONFIG_MAP` cannot hold hybrid access entries)."),
    existingClusterName: z
      .string()
      .min(1)
      .optional()
      .describe("Adopt this existing cluster instead of creating one: only networking, CNI and load balancing are managed."),
    nodeCredentials: z
      .enum(["ssm", "iam-roles-anywhere"])
      .default("ssm")
      .describe("How hybrid nodes authenticate: SSM hybrid activations or IAM Roles Anywhere."),
    rolesAnywhereCaBundle: z
      .string()
      .optional()
      .describe("PEM CA bundle for the IAM Roles Anywhere trust anchor (required with `iam-roles-anywhere`)."),
    ssmActivationExpiry: z.iso
      .datetime({ offset: true, error: "must be an RFC 3339 timestamp like 2025-07-01T00:00:00Z" })
      .optional()
      .describe(
        "When the SSM hybrid activation expires (RFC 3339, at most 30 days ahead; AWS default: 24 hours after creation). Nodes must register before then; to rotate, set a new date and `pulumi up` (the activation is replaced, `nodeadmConfigs` gets the new code).",
      ),
    webhookPorts: z
      .array(z.number().int().min(1).max(65535))
      .min(1)
      .default([443, 9443])
      .describe(
        "Ports on pod IPs the control plane calls for admission webhooks; with Calico the plan adds 5443 (the Calico API server, an aggregated API).",
      ),
  })
  .describe("The EKS cluster.");

export const vpcSchema = z
  .strictObject({
    cidr: cidrText.optional().describe("VPC CIDR to create (/16–/23). Exclusive with `existingVpcId`."),
    azCount: z.number().int().min(2).max(4).default(2).describe("Availability zones to spread subnets over (2–4)."),
    availabilityZones: z
      .array(z.string().min(1))
      .optional()
      .describe("AZ names to use; default: the region name with suffixes a, b, c, d."),
    natGateways: z
      .enum(["none", "single", "per-az"])
      .default("single")
      .describe("NAT gateways for the private subnets: none, one shared, or one per AZ."),
    routeRemoteFromPublic: z
      .boolean()
      .default(false)
      .describe(
        "Also route the remote node and pod CIDRs from the public route table. Always on with the AWS Load Balancer Controller: internet-facing ALB/NLB nodes in the public subnets send to pod IPs (`target-type: ip`).",
      ),
    existingVpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]+$/, "must look like vpc-0123abcd")
      .optional()
      .describe("Adopt this VPC instead of creating one (requires `existingCidrs` and subnet ids)."),
    existingCidrs: z.array(cidrText).optional().describe("Every CIDR of the adopted VPC (primary and secondary), for the overlap checks."),
    existingPrivateSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must look like subnet-0123abcd"))
      .optional()
      .describe("Private subnet ids of the adopted VPC (cluster and TGW attachment)."),
    existingPublicSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must look like subnet-0123abcd"))
      .optional()
      .describe("Public subnet ids of the adopted VPC (internet-facing load balancers)."),
    existingPrivateRouteTableIds: z
      .array(z.string().regex(/^rtb-[0-9a-f]+$/, "must look like rtb-0123abcd"))
      .optional()
      .describe(
        "Route tables of the adopted VPC that get routes to the remote networks (at least one; with the AWS Load Balancer Controller include the public subnets' tables).",
      ),
    existingSubnetsTagged: z
      .boolean()
      .default(false)
      .describe("Whether the adopted subnets already carry `kubernetes.io/role/elb` / `internal-elb` tags."),
  })
  .describe("The VPC the cluster lives in: created from `cidr`, or adopted with `existingVpcId`.");

export const onPremSchema = z
  .strictObject({
    nodeCidrs: z.array(cidrText).min(1).describe("Remote node networks (RFC 1918 or 100.64.0.0/10); the kubelet node IPs lie here."),
    podCidrs: z.array(cidrText).min(1).describe("Remote pod networks (RFC 1918 or 100.64.0.0/10), routed on-prem to the nodes."),
    customerGatewayIp: ipText.describe("Public IP of the on-prem VPN device (the customer gateway)."),
    customerGatewayAsn: asn
      .default(65000)
      .describe("BGP ASN of the customer gateway (used by the VPN's BGP sessions; differs from `transitGatewayAsn`)."),
    vpnRouting: z
      .enum(["static", "bgp"])
      .default("static")
      .describe("Site-to-Site VPN routing: `static` (TGW static routes) or `bgp` (dynamic, propagated)."),
    tunnelInsideCidrs: z
      .array(cidrText)
      .max(2)
      .optional()
      .describe("Inside CIDRs (/30 in 169.254.0.0/16, distinct, not AWS-reserved) for the two tunnels; default: AWS chooses."),
    existingTransitGatewayId: z
      .string()
      .regex(/^tgw-[0-9a-f]+$/, "must look like tgw-0123abcd")
      .optional()
      .describe("Attach to this Transit Gateway instead of creating one."),
    existingTransitGatewayRouteTableId: z
      .string()
      .regex(/^tgw-rtb-[0-9a-f]+$/, "must look like tgw-rtb-0123abcd")
      .optional()
      .describe("Route table of the adopted Transit Gateway for the VPC and VPN attachments."),
    transitGatewayAsn: asn.default(64512).describe("Amazon-side ASN of a created Transit Gateway."),
  })
  .describe("The on-prem side: remote networks, the customer gateway and the VPN.");

export const routerSchema = z
  .strictObject({
    kind: z
      .enum(["vyos", "frr"])
      .default("vyos")
      .describe("On-prem router software the rendered config targets (both files are always written)."),
    address: ipText.describe("The router's address on the node network (next hop and BGP peer for the nodes)."),
    asn: asn.default(65432).describe("The router's BGP ASN; with iBGP route reflection the cluster uses the same."),
    redistributeStatic: z
      .strictObject({
        protocol: z
          .enum(["ospf", "bgp"])
          .describe("The on-prem routing protocol that learns the per-node pod routes: `ospf` or the router's `bgp`."),
        area: z
          .string()
          .regex(/^(\d+|\d+\.\d+\.\d+\.\d+)$/, "must be an OSPF area id (a number or dotted quad)")
          .default("0.0.0.0")
          .describe("`ospf` only: the OSPF area of the node network interfaces."),
      })
      .optional()
      .describe(
        "Static CNI routing only: redistribute the per-node pod routes into the on-prem network's routing protocol (the article's \"to the rest of the network\"); only the pod blocks pass (route-map POD-ROUTES).",
      ),
  })
  .describe("The on-prem router the nodes use as gateway and BGP route reflector.");

export const nodeSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(63, "is longer than 63 characters; the node name is also a label value and a pool name, which allow at most 63")
    .regex(
      DNS_1123_SUBDOMAIN,
      "is not a DNS-1123 subdomain (lower-case letters, digits, - and ., each dot-separated part starting and ending with a letter or digit)",
    )
    .describe("Kubernetes node name of the hybrid node (also a label value and, with Calico, part of its IP pool's name)."),
  ip: ipText.describe("Node IP (kubelet `--node-ip`), inside `onPrem.nodeCidrs`."),
  labels: labelMap
    .default({})
    .describe(
      "Extra node labels, passed to kubelet `--node-labels`: qualified-name keys, no `kubernetes.io`/`k8s.io` keys kubelet refuses (e.g. `node-role.kubernetes.io/*`), not `cni.poolSelectorLabel`.",
    ),
  podCidr: cidrText
    .optional()
    .describe(
      "Pin this node's pod block, prefix no longer than `cni.podBlockPrefix` (wins over the computed one; with Cilium only a planning hint; see README 'Pod blocks').",
    ),
  registeredName: z
    .string()
    .min(1)
    .max(253)
    .regex(
      DNS_1123_SUBDOMAIN,
      "is not a DNS-1123 subdomain (lower-case letters, digits, - and ., each dot-separated part starting and ending with a letter or digit)",
    )
    .optional()
    .describe(
      "Kubernetes node name of a node that is already registered (SSM nodes register as their managed instance id, mi-…); the program then labels it with a NodePatch.",
    ),
});

export const nodesSchema = z.array(nodeSchema).describe("The hybrid nodes.");

/** The EKS Hybrid Nodes gateway's node group and chart (`cni.podRouting: gateway`). */
export const gatewaySchema = z.strictObject({
  nodeCount: z
    .number()
    .int()
    .default(2)
    .describe("Gateway nodes (managed node group size; at least 2, spread over the private subnets' AZs)."),
  instanceType: z.string().min(1).default("m6i.large").describe("EC2 instance type of the gateway nodes."),
  chartVersion: chartVersion.default("1.0.0").describe("`eks-hybrid-nodes-gateway` chart version."),
  chartRepository: z.string().default("oci://public.ecr.aws/eks").describe("OCI registry path above the `eks-hybrid-nodes-gateway` chart."),
});

/**
 * The general cloud node group of a mixed cluster (`cni.podRouting: none`, or `gateway` when
 * set): EC2 nodes with the Amazon VPC CNI where webhook-serving add-ons and a CoreDNS replica run.
 */
export const cloudNodesSchema = z.strictObject({
  nodeCount: z.number().int().default(2).describe("Cloud nodes (managed node group size; at least 1, 2 for webhooks that survive a node)."),
  instanceType: z.string().min(1).default("m6i.large").describe("EC2 instance type of the cloud nodes."),
});

export const cniSchema = z
  .strictObject({
    kind: z.enum(["calico", "cilium"]).describe("CNI: `calico` (tigera-operator) or `cilium` (AWS-supported)."),
    version: chartVersion
      .optional()
      .describe("Chart version; default 3.29.2 for Calico, 1.18.3-0 (AWS's build; v1.17.x and v1.18.x are AWS-supported) for Cilium."),
    chartRepository: z
      .string()
      .optional()
      .describe(
        "Chart repository; default https://docs.tigera.io/calico/charts for Calico, AWS's Cilium build oci://public.ecr.aws/eks/cilium for Cilium (the only build AWS supports for hybrid nodes).",
      ),
    firstInstalledVersion: chartVersion
      .optional()
      .describe(
        "Cilium only: the version the cluster was first installed with; set it before upgrading `version` (the chart's `upgradeCompatibility` becomes its major.minor, as the EKS hybrid nodes CNI page asks). Unset on a fresh install.",
      ),
    allowUnsupportedCilium: z
      .boolean()
      .default(false)
      .describe(
        "Install a Cilium build or line AWS does not support for hybrid nodes (e.g. upstream https://helm.cilium.io, or 1.16) with a warning instead of an error.",
      ),
    routing: z.enum(["static", "bgp"]).optional().describe("Older name of `podRouting` (`static` or `bgp` only); set one of the two."),
    podRouting: z
      .enum(["static", "bgp", "gateway", "none"])
      .optional()
      .describe(
        "How AWS reaches pods on hybrid nodes: `static` routes per node block on the router, `bgp` from the nodes, `gateway` (the EKS Hybrid Nodes gateway; Cilium AWS build), or `none` (pods unreachable from AWS). See README 'Pod routing modes'.",
      ),
    gateway: gatewaySchema.optional().describe("The EKS Hybrid Nodes gateway (`podRouting: gateway` only)."),
    cloudNodes: cloudNodesSchema
      .optional()
      .describe(
        "Cloud nodes for webhooks and CoreDNS (mixed cluster): created by default with `podRouting: none` when a webhook-serving add-on is installed; optional with `gateway`.",
      ),
    podBlockPrefix: z
      .number()
      .int()
      .min(16)
      .max(30)
      .default(26)
      .describe("Prefix length of each node's pod block (Calico pool / Cilium `clusterPoolIPv4MaskSize`)."),
    poolSelectorLabel: z
      .string()
      .min(1)
      .default("zone")
      .describe("Node label key (a qualified name) the per-node Calico pools select on (value: the node name)."),
  })
  .describe("The CNI and how pod routes reach the on-prem network.");

const addressPoolSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(63, "is longer than 63 characters; a pool name is a DNS-1123 label (and, with Cilium LB IPAM, a label value)")
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label")
    .describe("Pool name, unique in its list (the resource's name)."),
  addresses: z.array(addressText()).min(1).describe("Ranges `a.b.c.d-e.f.g.h` or CIDRs, inside the node network."),
  autoAssign: z.boolean().default(true).describe("Whether Services get addresses from this pool without asking."),
});

export const loadBalancingSchema = z
  .strictObject({
    metallb: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Install MetalLB."),
        mode: z.enum(["l2", "bgp"]).default("l2").describe("`l2` (ARP on the node LAN) or `bgp` (announce to the router)."),
        version: chartVersion.default("0.14.9").describe("MetalLB chart version."),
        chartRepository: z.string().default("https://metallb.github.io/metallb").describe("MetalLB chart repository."),
        addressPools: z.array(addressPoolSchema).default([]).describe("IPAddressPools on the node network."),
      })
      .optional()
      .describe("MetalLB for on-prem LoadBalancer Services."),
    awsLoadBalancerController: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Install the AWS Load Balancer Controller."),
        version: chartVersion
          .default(ALB_CONTROLLER_DEFAULT_CHART)
          .describe(
            "Chart version: 3.5.x (default 3.5.0 = controller v3.5.0) or 1.14.x from 1.14.1 (controller v2.14.1, the first that supports pods on hybrid nodes); the program grants each line's upstream IAM policy. Older charts are rejected.",
          ),
        chartRepository: z.string().default("https://aws.github.io/eks-charts").describe("eks-charts repository."),
      })
      .optional()
      .describe("AWS Load Balancer Controller (IRSA) for ALB/NLB with `target-type: ip`."),
    ciliumLbIpam: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Create CiliumLoadBalancerIPPools and advertise LoadBalancer IPs over BGP."),
        addressPools: z.array(addressPoolSchema).default([]).describe("Pools on the node network."),
      })
      .optional()
      .describe("Cilium LB IPAM advertised over BGP (Cilium BGP only)."),
    demoApps: z.boolean().default(false).describe("Deploy the article's demo workloads (frontend-external, 2048 behind an ALB)."),
  })
  .default({ demoApps: false })
  .describe("How Services are exposed.");

/** Everything a stack can set, keyed by config name (without the namespace). */
export const stackConfigSchema = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like us-west-2")
    .describe("AWS region (`aws:region`)."),
  protect: z.boolean().default(false).describe("Protect the cluster, Transit Gateway and VPN connection from deletion."),
  phase: z
    .enum(["network", "full"])
    .default("full")
    .describe(
      "`network`: only the AWS side, the cluster, IAM and node credentials (first `pulumi up`, before the hybrid nodes have joined; see README 'First deployment'); `full`: also the CNI and load balancing.",
    ),
  cluster: clusterSchema,
  vpc: vpcSchema,
  onPrem: onPremSchema,
  router: routerSchema,
  nodes: nodesSchema,
  cni: cniSchema,
  loadBalancing: loadBalancingSchema,
});

/** Stack config as written (before defaults). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;
/** Stack config with defaults applied. */
export type StackConfig = z.output<typeof stackConfigSchema>;
/** One hybrid node as configured. */
export type NodeConfig = z.output<typeof nodeSchema>;
/** The config keys (without namespace) the program reads. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];
