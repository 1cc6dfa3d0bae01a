/**
 * How AWS reaches pods on hybrid nodes (`cni.podRouting`), and what each mode requires.
 *
 * - `static` / `bgp`: the on-prem network routes the pod CIDRs (router static routes or BGP).
 * - `gateway`: the EKS Hybrid Nodes gateway tunnels VXLAN (VNI 2, UDP 8472) from EC2 gateway
 *   nodes to Cilium's VTEP on the hybrid nodes and owns the VPC routes for the pod CIDRs.
 *   Requirements from https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html
 *   and …/hybrid-nodes-gateway-cni.html: AWS's Cilium build at a VTEP-capable version, at least
 *   two gateway nodes (in different AZs for high availability), nodes that can pull images and
 *   call the EC2 API.
 * - `none`: nothing in AWS reaches a hybrid pod. AWS's answer for webhooks is a mixed cluster
 *   (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html, "Unroutable pod
 *   networks"): the webhook-serving add-ons run on cloud nodes (`cni.cloudNodes`), which the
 *   program creates. What still needs a hybrid pod reachable from AWS is refused: a load balancer
 *   with IP targets on hybrid pods (the 2048 demo's ALB). Calico runs without its API server
 *   (an aggregated API the control plane would call on a pod IP): `none` has no BGP, so no
 *   `projectcalico.org/v3` object needs it (`calicoApiServerEnabled`, render/cni/calico-values.ts).
 */
import { GATEWAY } from "../gateway-plan";
import { Keyed, Problem } from "./problem";

/** The pod routing modes. */
export type PodRouting = "static" | "bgp" | "gateway" | "none";

/** Resolve `cni.podRouting` and its older name `cni.routing` (one of them, or both equal). */
export function resolvePodRouting(
  podRouting: Keyed<PodRouting | undefined>,
  routing: Keyed<"static" | "bgp" | undefined>,
): { mode?: Keyed<PodRouting>; problems: Problem[] } {
  if (podRouting.value && routing.value && podRouting.value !== routing.value) {
    return {
      problems: [
        {
          key: routing.key,
          value: routing.value,
          rule: `contradicts ${podRouting.key}: ${podRouting.value} (cni.routing is the older name of cni.podRouting; keep one)`,
        },
      ],
    };
  }
  if (podRouting.value) return { mode: { key: podRouting.key, value: podRouting.value }, problems: [] };
  if (routing.value) return { mode: { key: routing.key, value: routing.value }, problems: [] };
  return {
    problems: [
      { key: podRouting.key, value: "(missing)", rule: "is required: one of static, bgp, gateway, none (or the older cni.routing)" },
    ],
  };
}

/** What the mode rules read from the config. */
export interface PodRoutingInput {
  readonly mode: Keyed<PodRouting>;
  readonly cniKind: Keyed<"calico" | "cilium">;
  /** The chart version in effect (default applied). */
  readonly cniVersion: Keyed<string>;
  /** The chart repository in effect (default applied). */
  readonly cniRepository: Keyed<string>;
  /** `cni.gateway`, when written. */
  readonly gateway?: { readonly nodeCount: Keyed<number> };
  /** Availability zones the gateway nodes can spread over (AZs of a created VPC, or adopted private subnets). */
  readonly gatewayZones: Keyed<number>;
  /** NAT gateways of a created VPC (`none`: private subnets have no way out). */
  readonly natGateways?: Keyed<string>;
  /** The AWS Load Balancer Controller: enabled, and its chart version. */
  readonly albController?: Keyed<{ enabled: boolean; version: string }>;
  readonly metallb?: Keyed<boolean>;
  /** `cni.cloudNodes.nodeCount`, when `cni.cloudNodes` is written. */
  readonly cloudNodes?: { readonly nodeCount: Keyed<number> };
  /** `loadBalancing.demoApps`. */
  readonly demoApps?: Keyed<boolean>;
}

/** `1.18.8-1` → [1, 18, 8, 1]; the build number is -1 when absent (an upstream, not AWS, version). */
function versionParts(v: string): number[] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-(\d+))?/.exec(v);
  if (!m) return [];
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? -1 : Number(m[4])];
}

/** a ≥ b, comparing major, minor, patch, build. */
export function versionAtLeast(a: string, b: string): boolean {
  const x = versionParts(a);
  const y = versionParts(b);
  if (!x.length || !y.length) return false;
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
}

/** AWS Load Balancer Controller chart from which pods on hybrid nodes can be targets (v2.14.1). */
export const ALB_CONTROLLER_HYBRID_CHART = "1.14.1";

/** Every problem of the chosen pod routing mode. */
export function checkPodRouting(c: PodRoutingInput): Problem[] {
  const problems: Problem[] = [];
  const mode = c.mode.value;
  if (c.gateway && mode !== "gateway") {
    problems.push({ key: "cni.gateway", value: "(set)", rule: `applies only with cni.podRouting: gateway (is ${mode})` });
  }
  if (c.cloudNodes && mode !== "none" && mode !== "gateway") {
    problems.push({
      key: "cni.cloudNodes",
      value: "(set)",
      rule: `applies only with cni.podRouting: none or gateway (is ${mode}); with routable pods webhooks run on hybrid nodes`,
    });
  }
  if (c.cloudNodes && c.cloudNodes.nodeCount.value < 1) {
    problems.push({ key: c.cloudNodes.nodeCount.key, value: String(c.cloudNodes.nodeCount.value), rule: "must be at least 1" });
  }
  if (mode === "gateway") problems.push(...gatewayProblems(c));
  if (mode === "none") problems.push(...noneProblems(c));
  return problems;
}

function gatewayProblems(c: PodRoutingInput): Problem[] {
  const problems: Problem[] = [];
  const why = "the EKS Hybrid Nodes gateway needs Cilium VTEP";
  if (c.cniKind.value !== "cilium") {
    problems.push({ key: c.cniKind.key, value: c.cniKind.value, rule: `cannot be used with podRouting: gateway: ${why} (Cilium only)` });
    return problems;
  }
  if (c.cniRepository.value.replace(/\/+$/, "") !== GATEWAY.awsCiliumRepository) {
    problems.push({
      key: c.cniRepository.key,
      value: c.cniRepository.value,
      rule: `is not AWS's Cilium build (${GATEWAY.awsCiliumRepository}); ${why}, which AWS supports in its build only`,
    });
  }
  const line = c.cniVersion.value.replace(/^v/, "").split(".").slice(0, 2).join(".");
  const min = GATEWAY.minCiliumVersions[line];
  if (!min || !versionAtLeast(c.cniVersion.value, min)) {
    const mins = Object.values(GATEWAY.minCiliumVersions).join(", ");
    problems.push({
      key: c.cniVersion.key,
      value: c.cniVersion.value,
      rule: `has no VTEP support; ${why}: AWS Cilium ${mins} or later in its line`,
    });
  }
  const count = c.gateway?.nodeCount ?? { key: "cni.gateway.nodeCount", value: 2 };
  if (count.value < 2) {
    problems.push({
      key: count.key,
      value: String(count.value),
      rule: "must be at least 2: the gateway runs a leader and a standby on separate nodes",
    });
  }
  if (c.gatewayZones.value < 2) {
    problems.push({
      key: c.gatewayZones.key,
      value: String(c.gatewayZones.value),
      rule: "gives the gateway nodes fewer than 2 availability zones; AWS asks for subnets in different AZs so one AZ failure leaves a gateway",
    });
  }
  if (c.natGateways?.value === "none") {
    problems.push({
      key: c.natGateways.key,
      value: "none",
      rule: "leaves the gateway nodes (private subnets) without a way to ECR, EKS and the EC2 API; use single or per-az",
    });
  }
  const alb = c.albController;
  if (alb?.value.enabled && !versionAtLeast(alb.value.version, ALB_CONTROLLER_HYBRID_CHART)) {
    problems.push({
      key: alb.key,
      value: alb.value.version,
      rule: `cannot target pods on hybrid nodes (from chart ${ALB_CONTROLLER_HYBRID_CHART}, controller v2.14.1); with the gateway, ALB/NLB reach hybrid pods only as target-type ip`,
    });
  }
  return problems;
}

function noneProblems(c: PodRoutingInput): Problem[] {
  const problems: Problem[] = [];
  const unreachable = "with podRouting: none the control plane and the VPC cannot reach hybrid pod IPs";
  if (c.albController?.value.enabled && c.demoApps?.value) {
    problems.push({
      key: c.demoApps.key,
      value: "true",
      rule: `needs pod reachability: the 2048 demo's ALB sends to its pods on hybrid nodes (target-type ip); ${unreachable} (the controller itself runs on the cloud nodes; set demoApps: false, or use podRouting gateway, bgp or static)`,
    });
  }
  const cloudNodesNeeded = c.albController?.value.enabled || c.metallb?.value || c.cloudNodes;
  if (cloudNodesNeeded && c.natGateways?.value === "none") {
    problems.push({
      key: c.natGateways.key,
      value: "none",
      rule: "leaves the cloud nodes that run the webhooks (private subnets) without a way to ECR and the EKS API; use single or per-az",
    });
  }
  return problems;
}
