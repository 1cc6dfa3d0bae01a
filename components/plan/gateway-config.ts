/**
 * Config → the pod-routing rules' input, and config → the gateway's plan. Kept apart from
 * `build-plan.ts` so the planner only calls two functions for the whole mode.
 */
import { cloudNodesSchema, gatewaySchema, StackConfig } from "./config-schema";
import { PartialConfig } from "./parse-config";
import { CloudNodesPlan, GatewayPlan } from "./gateway-plan";
import { VpcPlan } from "./network-plan";
import { Keyed } from "./rules/problem";
import { PodRouting, PodRoutingInput } from "./rules/pod-routing";

const CHART_DEFAULTS = {
  calico: "https://docs.tigera.io/calico/charts",
  cilium: "https://helm.cilium.io",
} as const;

/** What the pod-routing rules read, from the fields that parsed; undefined when the CNI kind did not. */
export function podRoutingInput(c: PartialConfig, mode: Keyed<PodRouting>, cniVersion: string): PodRoutingInput | undefined {
  const cni = c.cni;
  if (cni?.kind === undefined) return undefined;
  const vpc = c.vpc;
  const azCount = vpc?.azCount ?? 2;
  const zones: Keyed<number> = vpc?.existingVpcId
    ? { key: "vpc.existingPrivateSubnetIds", value: new Set(vpc.existingPrivateSubnetIds ?? []).size }
    : { key: "vpc.azCount", value: Math.min(azCount, vpc?.availabilityZones?.length || azCount) };
  const alb = c.loadBalancing?.awsLoadBalancerController;
  return {
    mode,
    cniKind: { key: "cni.kind", value: cni.kind },
    cniVersion: { key: "cni.version", value: cniVersion },
    cniRepository: { key: "cni.chartRepository", value: cni.chartRepository ?? CHART_DEFAULTS[cni.kind] },
    gateway: cni.gateway ? { nodeCount: { key: "cni.gateway.nodeCount", value: cni.gateway.nodeCount ?? 2 } } : undefined,
    gatewayZones: zones,
    natGateways: vpc?.natGateways && !vpc.existingVpcId ? { key: "vpc.natGateways", value: vpc.natGateways } : undefined,
    albController: alb
      ? { key: "loadBalancing.awsLoadBalancerController.version", value: { enabled: alb.enabled ?? false, version: alb.version ?? "" } }
      : undefined,
    metallb: c.loadBalancing?.metallb
      ? { key: "loadBalancing.metallb.enabled", value: c.loadBalancing.metallb.enabled ?? false }
      : undefined,
    cloudNodes: cni.cloudNodes ? { nodeCount: { key: "cni.cloudNodes.nodeCount", value: cni.cloudNodes.nodeCount ?? 2 } } : undefined,
    demoApps: c.loadBalancing?.demoApps !== undefined ? { key: "loadBalancing.demoApps", value: c.loadBalancing.demoApps } : undefined,
  };
}

/** The gateway's plan (`podRouting: gateway`), else undefined. */
export function gatewayPlanOf(c: StackConfig, vpc: VpcPlan): GatewayPlan | undefined {
  if ((c.cni.podRouting ?? c.cni.routing) !== "gateway") return undefined;
  const g = c.cni.gateway ?? gatewaySchema.parse({}); // the schema's defaults
  return {
    nodeCount: g.nodeCount,
    instanceType: g.instanceType,
    chartVersion: g.chartVersion.replace(/^v/, ""),
    chartRepository: g.chartRepository.replace(/\/+$/, ""),
    availabilityZones: vpc.mode === "create" ? vpc.availabilityZones.map((az) => az.name) : [],
    nodeAddressCidrs: vpc.mode === "create" ? vpc.availabilityZones.map((az) => az.privateSubnetCidr) : vpc.cidrs,
  };
}

/**
 * The general cloud node group (`cni.cloudNodes`): with `podRouting: none` it exists whenever a
 * webhook-serving add-on is installed (AWS: run webhooks on cloud nodes when pods are not
 * routable) or the key is written; with `gateway` only when written (the gateway already makes
 * webhooks on hybrid pods reachable); never with static/bgp (the rules refuse the key there).
 */
export function cloudNodesPlanOf(c: StackConfig): CloudNodesPlan | undefined {
  const mode = c.cni.podRouting ?? c.cni.routing;
  const lb = c.loadBalancing;
  const hosts = [
    ...(lb.awsLoadBalancerController?.enabled ? ["AWS Load Balancer Controller"] : []),
    ...(lb.metallb?.enabled ? ["MetalLB controller"] : []),
    "CoreDNS (one replica)",
  ];
  const wanted = c.cni.cloudNodes !== undefined || (mode === "none" && hosts.length > 1);
  if (!wanted || (mode !== "none" && mode !== "gateway")) return undefined;
  const n = c.cni.cloudNodes ?? cloudNodesSchema.parse({});
  return { nodeCount: n.nodeCount, instanceType: n.instanceType, hosts };
}
