/**
 * Stack config → NetworkPlan. Validates everything first (shape, then the hybrid rules on every
 * section that parsed) and returns every problem at once; a plan only when there is none.
 */
import { cidr, parseCidr, parseIpv4 } from "./cidr";
import { StackConfig } from "./config-schema";
import { AzPlan, LbPoolPlan, NetworkPlan, VpcPlan } from "./network-plan";
import { parseStackConfig } from "./parse-config";
import { checkLoadBalancingConfig } from "./load-balancing-config";
import { assignPodBlocks, PodBlock } from "./pod-blocks";
import { checkAsn } from "./rules/asn";
import { checkClusterSettings, checkKubernetesVersion } from "./rules/cluster-settings";
import { checkCniChoice, ciliumBgpApiVersion } from "./rules/cni";
import { gatewayPlanOf, podRoutingInput } from "./gateway-config";
import { checkPodRouting, resolvePodRouting } from "./rules/pod-routing";
import { ReservedAddress } from "./rules/lb-pools";
import { checkNodeLabels, checkPoolSelectorLabel } from "./rules/node-labels";
import { checkAddressInNodeNetwork, checkNodes } from "./rules/nodes";
import { checkNoOverlap, NamedNetwork } from "./rules/overlap";
import { ConfigValidationError, errorsOf, Problem } from "./rules/problem";
import { checkRemoteCidrs } from "./rules/remote-networks";
import { checkVpc, planSubnets } from "./rules/vpc";
import { checkTunnelInsideCidrs, checkVpnBgpAsns } from "./rules/vpn";

/** Chart defaults per CNI. */
export const CNI_DEFAULTS = {
  calico: { chart: "tigera-operator", version: "3.29.2", repository: "https://docs.tigera.io/calico/charts" },
  cilium: { chart: "cilium", version: "1.18.0", repository: "https://helm.cilium.io" },
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

/** Plan from raw config (keys without namespace), collecting every problem. */
export function planFromRawConfig(raw: Record<string, unknown>): PlanResult {
  const parsed = parseStackConfig(raw);
  const problems: Problem[] = [...parsed.problems];
  const c = parsed.partial;

  const nodeCidrs = c.onPrem ? remote("node", c.onPrem.nodeCidrs, "onPrem.nodeCidrs", problems) : [];
  const podCidrs = c.onPrem ? remote("pod", c.onPrem.podCidrs, "onPrem.podCidrs", problems) : [];

  const networks: NamedNetwork[] = [
    ...nodeCidrs.map((x) => ({ ...x, role: "remote node CIDR" })),
    ...podCidrs.map((x) => ({ ...x, role: "remote pod CIDR" })),
  ];
  if (c.vpc) {
    const v = checkVpc(c.vpc, c.region);
    problems.push(...v.problems);
    networks.push(...v.cidrs.map((x) => ({ ...x, role: "VPC CIDR" })));
  }
  if (c.cluster) {
    problems.push(...checkKubernetesVersion({ key: "cluster.kubernetesVersion", value: c.cluster.kubernetesVersion }));
    problems.push(
      ...checkClusterSettings({
        authenticationMode: { key: "cluster.authenticationMode", value: c.cluster.authenticationMode },
        serviceCidr: { key: "cluster.serviceCidr", value: c.cluster.serviceCidr },
      }),
    );
    const svc = parseCidr(c.cluster.serviceCidr);
    if (svc.ok) networks.push({ key: "cluster.serviceCidr", role: "service CIDR", cidr: svc.value });
    if (c.cluster.nodeCredentials === "iam-roles-anywhere" && !c.cluster.rolesAnywhereCaBundle) {
      problems.push({
        key: "cluster.rolesAnywhereCaBundle",
        value: "(missing)",
        rule: "is required with nodeCredentials: iam-roles-anywhere (the trust anchor's CA)",
      });
    }
    if (c.cluster.nodeCredentials !== "ssm" && c.cluster.ssmActivationExpiry) {
      problems.push({
        key: "cluster.ssmActivationExpiry",
        value: c.cluster.ssmActivationExpiry,
        rule: `applies only with nodeCredentials: ssm (is ${c.cluster.nodeCredentials})`,
      });
    }
  }
  problems.push(...checkNoOverlap(networks));

  const nodeCidrBlocks = nodeCidrs.map((x) => x.cidr);
  const podCidrBlocks = podCidrs.map((x) => x.cidr);
  let nodeIps = new Map<string, number>();
  if (c.nodes) {
    const r = checkNodes(
      c.nodes.map((n, i) => ({
        nameKey: `nodes[${i}].name`,
        name: n.name,
        ipKey: `nodes[${i}].ip`,
        ip: n.ip,
        registeredName: n.registeredName,
        registeredNameKey: `nodes[${i}].registeredName`,
      })),
      nodeCidrBlocks,
    );
    problems.push(...r.problems);
    nodeIps = r.ips;
    if (c.nodes.length === 0) problems.push({ key: "nodes", value: "[]", rule: "is empty; a hybrid cluster needs at least one node" });
    const poolLabel = c.cni ? { key: "cni.poolSelectorLabel", value: c.cni.poolSelectorLabel } : undefined;
    c.nodes.forEach((n, i) => problems.push(...checkNodeLabels(`nodes[${i}].labels`, n.labels, poolLabel)));
  }

  const reserved: ReservedAddress[] = [...nodeIps].map(([name, ip]) => ({ holder: `node ${name}`, ip }));
  if (c.router) {
    const ip = parseIpv4(c.router.address);
    if (!ip.ok)
      problems.push({ key: "router.address", value: c.router.address, rule: `${ip.reason}; the router address must be an IPv4 address` });
    else {
      problems.push(
        ...checkAddressInNodeNetwork({ key: "router.address", value: c.router.address }, ip.value, nodeCidrBlocks, "router address"),
      );
      const clash = [...nodeIps].find(([, nip]) => nip === ip.value);
      if (clash) problems.push({ key: "router.address", value: c.router.address, rule: `is also the IP of node ${clash[0]}` });
      reserved.push({ holder: "the router", ip: ip.value });
    }
    problems.push(...checkAsn("bgp", { key: "router.asn", value: c.router.asn }));
  }
  if (c.onPrem) {
    problems.push(...checkAsn("customer-gateway", { key: "onPrem.customerGatewayAsn", value: c.onPrem.customerGatewayAsn }));
    if (!c.onPrem.existingTransitGatewayId)
      problems.push(...checkAsn("transit-gateway", { key: "onPrem.transitGatewayAsn", value: c.onPrem.transitGatewayAsn }));
    if (c.onPrem.vpnRouting === "bgp" && !c.onPrem.existingTransitGatewayId) {
      problems.push(
        ...checkVpnBgpAsns(
          { key: "onPrem.customerGatewayAsn", value: c.onPrem.customerGatewayAsn },
          { key: "onPrem.transitGatewayAsn", value: c.onPrem.transitGatewayAsn },
        ),
      );
    }
    const cgw = parseIpv4(c.onPrem.customerGatewayIp);
    if (!cgw.ok)
      problems.push({
        key: "onPrem.customerGatewayIp",
        value: c.onPrem.customerGatewayIp,
        rule: `${cgw.reason}; the customer gateway needs its public IPv4 address`,
      });
    problems.push(
      ...checkTunnelInsideCidrs((c.onPrem.tunnelInsideCidrs ?? []).map((value, i) => ({ key: `onPrem.tunnelInsideCidrs[${i}]`, value }))),
    );
  }

  if (c.cni) {
    const version = c.cni.version ?? CNI_DEFAULTS[c.cni.kind].version;
    const routing = resolvePodRouting({ key: "cni.podRouting", value: c.cni.podRouting }, { key: "cni.routing", value: c.cni.routing });
    problems.push(...routing.problems);
    if (routing.mode) {
      problems.push(
        ...checkCniChoice({
          kind: { key: "cni.kind", value: c.cni.kind },
          routing: routing.mode,
          version: { key: "cni.version", value: version },
        }),
      );
      problems.push(...checkPodRouting(podRoutingInput(c, routing.mode, version)));
    }
    problems.push(...checkPoolSelectorLabel({ key: "cni.poolSelectorLabel", value: c.cni.poolSelectorLabel }));
    if (c.cni.kind === "cilium" && c.nodes) {
      c.nodes.forEach((n, i) => {
        if (n.podCidr !== undefined) {
          problems.push({
            key: `nodes[${i}].podCidr`,
            value: n.podCidr,
            severity: "warning",
            rule: "is pinned, but Cilium's cluster-pool IPAM assigns each node's block at runtime; the pin shapes only the plan's capacity check and the lab's model, not the node's real block",
          });
        }
      });
    }
  }

  let blocks: PodBlock[] = [];
  if (c.nodes && c.cni && podCidrBlocks.length && nodeCidrBlocks.length) {
    const requests = c.nodes.flatMap((n, i) => {
      const ip = nodeIps.get(n.name);
      return ip === undefined ? [] : [{ name: n.name, ip, pinned: n.podCidr, key: `nodes[${i}]` }];
    });
    const r = assignPodBlocks(requests, nodeCidrBlocks, podCidrBlocks, c.cni.podBlockPrefix);
    problems.push(...r.problems);
    blocks = r.blocks;
  }

  if (c.loadBalancing) problems.push(...checkLoadBalancingConfig(c, nodeCidrBlocks, podCidrBlocks, reserved));

  const errors = errorsOf(problems);
  if (errors.length || !parsed.config) return { problems };
  return { plan: assemble(parsed.config, blocks, problems), problems };
}

/** Plan from raw config, throwing a ConfigValidationError that lists every problem. */
export function buildPlan(raw: Record<string, unknown>): NetworkPlan {
  const r = planFromRawConfig(raw);
  if (!r.plan) throw new ConfigValidationError(errorsOf(r.problems));
  return r.plan;
}

function remote(kind: "node" | "pod", list: readonly string[], key: string, problems: Problem[]) {
  const r = checkRemoteCidrs(
    kind,
    list.map((value, i) => ({ key: `${key}[${i}]`, value })),
  );
  problems.push(...r.problems);
  return r.parsed;
}

function assemble(c: StackConfig, blocks: readonly PodBlock[], problems: readonly Problem[]): NetworkPlan {
  const byNode = new Map(blocks.map((b) => [b.node, b]));
  const cniVersion = c.cni.version ?? CNI_DEFAULTS[c.cni.kind].version;
  const nodes = c.nodes.map((n) => {
    const b = byNode.get(n.name)!;
    return {
      name: n.name,
      ip: n.ip,
      podCidr: b.cidr.text,
      podCidrPinned: b.pinned,
      labels: { ...n.labels, [c.cni.poolSelectorLabel]: n.name },
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
        c.cni.kind === "calico" && !c.cluster.webhookPorts.includes(CALICO_API_SERVER_PORT)
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
    router: { kind: c.router.kind, address: c.router.address, asn: c.router.asn },
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
    vpcCidrs: vpc.mode === "create" ? [vpc.cidr] : vpc.cidrs,
    warnings,
  };
}

function azNames(c: StackConfig): string[] {
  const given = c.vpc.availabilityZones;
  if (given?.length) return given.slice(0, c.vpc.azCount);
  return ["a", "b", "c", "d"].slice(0, c.vpc.azCount).map((s) => `${c.region}${s}`);
}
