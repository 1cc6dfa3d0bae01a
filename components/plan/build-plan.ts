/**
 * Stack config → NetworkPlan. Parses the config field by field, runs every rule of the rule table
 * (`config-rules/registry.ts`) on whatever parsed, and returns every problem at once; a plan only
 * when there is no error.
 */
import { cidr } from "./cidr";
import { CILIUM_AWS_REPOSITORY, CILIUM_DEFAULT_VERSION, upgradeCompatibilityOf } from "./versions/cilium";
import { StackConfig } from "./config-schema";
import { runConfigRules } from "./config-rules/registry";
import { derive } from "./config-rules/rule";
import { AzPlan, LbPoolPlan, NetworkPlan, VpcPlan } from "./network-plan";
import { parseStackConfig } from "./parse-config";
import { assignPodBlocks, PodBlock } from "./pod-blocks";
import { ciliumBgpApiVersion } from "./rules/cni";
import { cloudNodesPlanOf, gatewayPlanOf } from "./gateway-config";
import { MIXED_CLUSTER } from "./gateway-plan";
import { ConfigValidationError, errorsOf, Problem } from "./rules/problem";
import { planSubnets } from "./rules/vpc";

/** Chart defaults per CNI. */
export const CNI_DEFAULTS = {
  calico: { chart: "tigera-operator", version: "3.29.2", repository: "https://docs.tigera.io/calico/charts" },
  cilium: { chart: "cilium", version: CILIUM_DEFAULT_VERSION, repository: CILIUM_AWS_REPOSITORY },
} as const;

/**
 * Calico's API server (installed by tigera-operator by default, `apiServer.enabled`) is an
 * aggregated API the control plane calls on its pod IPs at this port.
 */
export const CALICO_API_SERVER_PORT = 5443;

/** The result of planning: a plan, or the problems that prevent one. */
export interface PlanResult {
  readonly plan?: NetworkPlan;
  /** Errors and warnings, in config order. */
  readonly problems: readonly Problem[];
}

/** Options of planning. */
export interface PlanOptions {
  /** The current time, for the date rules (Kubernetes support, SSM expiry). @default new Date() */
  readonly now?: Date;
}

/** Plan from raw config (keys without namespace), collecting every problem. */
export function planFromRawConfig(raw: Record<string, unknown>, opts: PlanOptions = {}): PlanResult {
  const parsed = parseStackConfig(raw);
  const failed = new Set(parsed.problems.map((p) => p.key));
  const problems: Problem[] = [...parsed.problems, ...runConfigRules(parsed.partial, opts.now ?? new Date(), failed)];
  if (errorsOf(problems).length || !parsed.config) return { problems };
  return { plan: assemble(parsed.config, podBlocksOf(parsed.config), problems), problems };
}

/** The pod blocks of a valid config (the `pod-blocks` rule has found no problem with them). */
function podBlocksOf(c: StackConfig): PodBlock[] {
  const d = derive(c);
  const requests = c.nodes.map((n, i) => ({ name: n.name, ip: d.nodeIps.get(n.name)!, pinned: n.podCidr, key: `nodes[${i}]` }));
  return assignPodBlocks(
    requests,
    d.nodeCidrs.map((x) => x.cidr),
    d.podCidrs.map((x) => x.cidr),
    c.cni.podBlockPrefix,
  ).blocks;
}

/** Plan from raw config, throwing a ConfigValidationError that lists every problem. */
export function buildPlan(raw: Record<string, unknown>, opts: PlanOptions = {}): NetworkPlan {
  const r = planFromRawConfig(raw, opts);
  if (!r.plan) throw new ConfigValidationError(errorsOf(r.problems));
  return r.plan;
}

function assemble(c: StackConfig, blocks: readonly PodBlock[], problems: readonly Problem[]): NetworkPlan {
  const byNode = new Map(blocks.map((b) => [b.node, b]));
  const cniVersion = c.cni.version ?? CNI_DEFAULTS[c.cni.kind].version;
  const cloudNodes = cloudNodesPlanOf(c);
  // Mixed cluster: hybrid nodes carry a topology zone so CoreDNS spreads over both sides (AWS).
  const zone: Record<string, string> = cloudNodes ? { [MIXED_CLUSTER.zoneLabel]: MIXED_CLUSTER.onPremZone } : {};
  const nodes = c.nodes.map((n) => {
    const b = byNode.get(n.name)!;
    return {
      name: n.name,
      ip: n.ip,
      podCidr: b.cidr.text,
      podCidrPinned: b.pinned,
      labels: { ...zone, ...n.labels, [c.cni.poolSelectorLabel]: n.name },
      kubernetesName: n.registeredName ?? (c.cluster.nodeCredentials === "iam-roles-anywhere" ? n.name : undefined),
    };
  });
  const vpc: VpcPlan = c.vpc.existingVpcId
    ? {
        mode: "existing",
        vpcId: c.vpc.existingVpcId,
        cidrs: c.vpc.existingCidrs ?? [],
        privateSubnetIds: c.vpc.existingPrivateSubnetIds ?? [],
        publicSubnetIds: c.vpc.existingPublicSubnetIds ?? [],
        routeTableIds: c.vpc.existingPrivateRouteTableIds ?? [],
        subnetsTagged: c.vpc.existingSubnetsTagged,
      }
    : {
        mode: "create",
        cidr: c.vpc.cidr!,
        availabilityZones: planSubnets(cidr(c.vpc.cidr!), azNames(c)) as AzPlan[],
        natGateways: c.vpc.natGateways,
        // Internet-facing ALB/NLB nodes (target-type: ip) sit in the public subnets and send to pod IPs.
        routeRemoteFromPublic: c.vpc.routeRemoteFromPublic || Boolean(c.loadBalancing.awsLoadBalancerController?.enabled),
      };
  const pools = (list: readonly LbPoolPlan[]): LbPoolPlan[] =>
    list.map((p) => ({ name: p.name, addresses: p.addresses, autoAssign: p.autoAssign }));
  const lb = c.loadBalancing;
  const warnings = problems.filter((p) => p.severity === "warning").map((p) => `${p.key}: ${p.value} ${p.rule}`);
  return {
    region: c.region,
    protect: c.protect,
    phase: c.phase,
    cluster: {
      name: c.cluster.existingClusterName ?? c.cluster.name,
      resourceName: c.cluster.name,
      kubernetesVersion: c.cluster.kubernetesVersion,
      serviceCidr: c.cluster.serviceCidr,
      endpointPublic: c.cluster.endpointAccess === "public",
      endpointPrivate: c.cluster.endpointAccess === "private",
      authenticationMode: c.cluster.authenticationMode as "API" | "API_AND_CONFIG_MAP",
      existingClusterName: c.cluster.existingClusterName,
      nodeCredentials: c.cluster.nodeCredentials,
      rolesAnywhereCaBundle: c.cluster.rolesAnywhereCaBundle,
      ssmActivationExpiry: c.cluster.ssmActivationExpiry,
      webhookPorts:
        // With podRouting none Calico runs without its API server (render/cni/calico-values.ts).
        c.cni.kind === "calico" &&
        (c.cni.podRouting ?? c.cni.routing) !== "none" &&
        !c.cluster.webhookPorts.includes(CALICO_API_SERVER_PORT)
          ? [...c.cluster.webhookPorts, CALICO_API_SERVER_PORT]
          : c.cluster.webhookPorts,
    },
    vpc,
    remote: { nodeCidrs: c.onPrem.nodeCidrs.map((x) => cidr(x).text), podCidrs: c.onPrem.podCidrs.map((x) => cidr(x).text) },
    vpn: {
      customerGatewayIp: c.onPrem.customerGatewayIp,
      customerGatewayAsn: c.onPrem.customerGatewayAsn,
      routing: c.onPrem.vpnRouting,
      tunnelInsideCidrs: c.onPrem.tunnelInsideCidrs ?? [],
      transitGateway: c.onPrem.existingTransitGatewayId
        ? { mode: "existing", id: c.onPrem.existingTransitGatewayId, routeTableId: c.onPrem.existingTransitGatewayRouteTableId }
        : { mode: "create", amazonSideAsn: c.onPrem.transitGatewayAsn },
    },
    router: {
      kind: c.router.kind,
      address: c.router.address,
      asn: c.router.asn,
      ...(c.router.redistributeStatic ? { redistributeStatic: c.router.redistributeStatic } : {}),
    },
    nodes,
    cni: {
      kind: c.cni.kind,
      routing: (c.cni.podRouting ?? c.cni.routing)!,
      chart: CNI_DEFAULTS[c.cni.kind].chart,
      version: cniVersion,
      chartRepository: c.cni.chartRepository ?? CNI_DEFAULTS[c.cni.kind].repository,
      podBlockPrefix: c.cni.podBlockPrefix,
      poolSelectorLabel: c.cni.poolSelectorLabel,
      localAsn: c.router.asn,
      ciliumBgpApiVersion: c.cni.kind === "cilium" ? ciliumBgpApiVersion(cniVersion) : undefined,
      upgradeCompatibility:
        c.cni.kind === "cilium" && c.cni.firstInstalledVersion ? upgradeCompatibilityOf(c.cni.firstInstalledVersion) : undefined,
    },
    onPremRoutes:
      (c.cni.podRouting ?? c.cni.routing) === "static" ? nodes.map((n) => ({ cidr: n.podCidr, nextHop: n.ip, node: n.name })) : [],
    loadBalancing: {
      metallb: lb.metallb?.enabled
        ? {
            mode: lb.metallb.mode,
            version: lb.metallb.version,
            chartRepository: lb.metallb.chartRepository,
            pools: pools(lb.metallb.addressPools),
          }
        : undefined,
      awsLoadBalancerController: lb.awsLoadBalancerController?.enabled
        ? { version: lb.awsLoadBalancerController.version, chartRepository: lb.awsLoadBalancerController.chartRepository }
        : undefined,
      ciliumLbIpam: lb.ciliumLbIpam?.enabled ? { pools: pools(lb.ciliumLbIpam.addressPools) } : undefined,
      demoApps: lb.demoApps,
    },
    gateway: gatewayPlanOf(c, vpc),
    cloudNodes,
    vpcCidrs: vpc.mode === "create" ? [vpc.cidr] : vpc.cidrs,
    warnings,
  };
}

function azNames(c: StackConfig): string[] {
  const given = c.vpc.availabilityZones;
  if (given?.length) return given.slice(0, c.vpc.azCount);
  return ["a", "b", "c", "d"].slice(0, c.vpc.azCount).map((s) => `${c.region}${s}`);
}
