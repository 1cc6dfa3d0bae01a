/**
 * The hybrid facts a policy reads from a stack's resources, by real resource type and input
 * shape (`@pulumi/aws` v7, `@pulumi/kubernetes` v4, upstream CRDs), not by this program's names.
 */
import { Cidr } from "../../components/plan/cidr";
import { Keyed, Problem, formatProblem } from "../../components/plan/rules";
import { networkOf } from "./cidr-text";
import { block, hasUnknown, isUnknown, known, str, Unknown, UNKNOWN } from "./props";
import type { StackIndex } from "./stack-index";

export const T = {
  cluster: "aws:eks/cluster:Cluster",
  vpc: "aws:ec2/vpc:Vpc",
  vpcCidr: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
  route: "aws:ec2/route:Route",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  subnet: "aws:ec2/subnet:Subnet",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  k8sService: "kubernetes:core/v1:Service",
  k8sConfigMap: "kubernetes:core/v1:ConfigMap",
  k8sConfigMapPatch: "kubernetes:core/v1:ConfigMapPatch",
  vgwPropagation: "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
  igw: "aws:ec2/internetGateway:InternetGateway",
  tgwRoute: "aws:ec2transitgateway/route:Route",
  vpn: "aws:ec2/vpnConnection:VpnConnection",
  vpnRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  accessEntry: "aws:eks/accessEntry:AccessEntry",
  accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
  role: "aws:iam/role:Role",
  ssmActivation: "aws:ssm/activation:Activation",
  helmV3: "kubernetes:helm.sh/v3:Release",
  helmV4: "kubernetes:helm.sh/v4:Chart",
  // Calico's CRDs (crd.projectcalico.org/v1) and its API server's v3 objects (projectcalico.org/v3).
  calicoIpPools: ["kubernetes:crd.projectcalico.org/v1:IPPool", "kubernetes:projectcalico.org/v3:IPPool"],
  calicoBgpConfigs: ["kubernetes:crd.projectcalico.org/v1:BGPConfiguration", "kubernetes:projectcalico.org/v3:BGPConfiguration"],
  calicoBgpPeers: ["kubernetes:crd.projectcalico.org/v1:BGPPeer", "kubernetes:projectcalico.org/v3:BGPPeer"],
  tigeraInstallation: "kubernetes:operator.tigera.io/v1:Installation",
  metallbPool: "kubernetes:metallb.io/v1beta1:IPAddressPool",
  metallbBgpPeers: ["kubernetes:metallb.io/v1beta2:BGPPeer", "kubernetes:metallb.io/v1beta1:BGPPeer"],
  ciliumLbPools: ["kubernetes:cilium.io/v2:CiliumLoadBalancerIPPool", "kubernetes:cilium.io/v2alpha1:CiliumLoadBalancerIPPool"],
  ciliumBgpClusterConfigs: ["kubernetes:cilium.io/v2:CiliumBGPClusterConfig", "kubernetes:cilium.io/v2alpha1:CiliumBGPClusterConfig"],
} as const;

/** The part of a Pulumi resource (engine's or the harness's) a policy reads. */
export interface Res {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, any>;
  readonly propertyDependencies?: Record<string, readonly { type: string }[]>;
}

/** A resource with its properties as plain data (unknowns as UNKNOWN). */
export interface Plain extends Res {
  readonly p: any;
}

export function ofType(resources: readonly Plain[], ...types: readonly string[]): Plain[] {
  return resources.filter((r) => types.includes(r.type));
}

/** `name (type): key: value rule` — the message every violation carries. */
export function message(r: { name: string; type: string }, p: Problem): string {
  return `${r.name} (${r.type}): ${formatProblem(p)}`;
}

/** A hybrid cluster's remote networks and service CIDR. */
export interface ClusterFacts {
  readonly res: Plain;
  /** Remote CIDRs as written, with property paths. */
  readonly nodeEntries: Keyed[];
  readonly podEntries: Keyed[];
  /** Remote CIDRs as networks (host bits cleared, marked in the text; unparsable ones left out). */
  readonly nodeCidrs: { key: string; cidr: Cidr }[];
  readonly podCidrs: { key: string; cidr: Cidr }[];
  readonly serviceCidr: Keyed<string | undefined | Unknown>;
}

function remoteEntries(rnc: any, field: "remoteNodeNetworks" | "remotePodNetworks"): Keyed[] {
  const base = `remoteNetworkConfig.${field}`;
  const v = rnc?.[field];
  // v7 has one block ({cidrs}); accept a list of blocks too (older SDKs, raw state).
  const blocks = Array.isArray(v)
    ? known<any>(v).map((b) => ({ b: b.value, path: `${base}[${b.index}]` }))
    : v && v !== UNKNOWN
      ? [{ b: v, path: base }]
      : [];
  return blocks.flatMap(({ b, path }) =>
    known(b?.cidrs).flatMap(({ index, value }) => (isUnknown(value) ? [] : [{ key: `${path}.cidrs[${index}]`, value: String(value) }])),
  );
}

function networks(entries: readonly Keyed[]): { key: string; cidr: Cidr }[] {
  return entries.flatMap(({ key, value }) => {
    const cidr = networkOf(value);
    return cidr ? [{ key, cidr }] : [];
  });
}

/** Facts of one `aws:eks/cluster:Cluster`; `undefined` when it has no remote network config. */
export function clusterFacts(r: Plain): ClusterFacts | undefined {
  const rnc = block(r.p.remoteNetworkConfig);
  if (!rnc) return undefined;
  const nodeEntries = remoteEntries(rnc.value, "remoteNodeNetworks");
  const podEntries = remoteEntries(rnc.value, "remotePodNetworks");
  const knc = block(r.p.kubernetesNetworkConfig);
  const svc = r.p.kubernetesNetworkConfig === UNKNOWN ? UNKNOWN : str(knc?.value?.serviceIpv4Cidr);
  return {
    res: r,
    nodeEntries,
    podEntries,
    nodeCidrs: networks(nodeEntries),
    podCidrs: networks(podEntries),
    serviceCidr: { key: `kubernetesNetworkConfig${knc?.path ?? ""}.serviceIpv4Cidr`, value: svc },
  };
}

/** Every hybrid cluster of the stack. */
export function hybridClusters(ix: StackIndex): ClusterFacts[] {
  return ix.of(T.cluster).flatMap((r) => clusterFacts(r) ?? []);
}

/** A Helm release (`helm.sh/v3:Release`) or chart (`helm.sh/v4:Chart`). */
export interface HelmFacts {
  readonly res: Plain;
  readonly chart: string;
  /** The chart version: unset (`undefined`, the newest is installed) or unknown in preview. */
  readonly version: string | undefined | Unknown;
  readonly values: Record<string, unknown>;
  /** True when the values as a whole are unknown during preview. */
  readonly valuesUnknown: boolean;
  /** False when the values (or part of them) are unknown during preview. */
  readonly valuesKnown: boolean;
}

export function helmCharts(resources: readonly Plain[]): HelmFacts[] {
  return resources.flatMap((r) => {
    const chart = str(r.p.chart);
    const version = str(r.p.version);
    if (chart === undefined || isUnknown(chart)) return [];
    const values = r.p.values && !isUnknown(r.p.values) && typeof r.p.values === "object" ? r.p.values : {};
    return [
      {
        res: r,
        chart,
        version: isUnknown(version) ? UNKNOWN : version,
        values,
        valuesUnknown: isUnknown(r.p.values),
        valuesKnown: !hasUnknown(r.p.values),
      },
    ];
  });
}

/** The chart's name without repository or OCI path: `oci://public.ecr.aws/eks/cilium/cilium` → `cilium`. */
export function chartName(chart: string): string {
  return chart
    .replace(/\/+$/, "")
    .split("/")
    .pop()!
    .replace(/-\d.*\.tgz$/, "");
}

/** A Kubernetes object's spec (custom resources carry it as `spec`). */
export function spec(r: Plain): any {
  return r.p.spec && !isUnknown(r.p.spec) ? r.p.spec : {};
}
