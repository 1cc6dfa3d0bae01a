/** Rules on the pod routing mode (`cni.podRouting`, older name `cni.routing`); see `rules/pod-routing.ts`. */
import { CNI_DEFAULTS } from "../build-plan"; // read at check time, so the import cycle is harmless
import { podRoutingInput } from "../gateway-config";
import { checkPodRouting, resolvePodRouting } from "../rules/pod-routing";
import { ConfigRule } from "./rule";

export const podRoutingMode: ConfigRule = {
  id: "pod-routing-mode",
  summary:
    "One pod routing mode: `cni.podRouting` (static, bgp, gateway, none) or its older name `cni.routing`, not contradicting each other.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-overview.html",
  reads: ["cni.podRouting", "cni.routing"],
  check: (c) =>
    c.cni === undefined
      ? []
      : resolvePodRouting({ key: "cni.podRouting", value: c.cni.podRouting }, { key: "cni.routing", value: c.cni.routing }).problems,
};

export const podRoutingPrerequisites: ConfigRule = {
  id: "pod-routing-prerequisites",
  summary:
    "`gateway`: AWS Cilium build with VTEP (1.17.13-1 / 1.18.8-1 / 1.19.2-1+), ≥ 2 gateway nodes in ≥ 2 AZs, NAT for them, ALB controller ≥ 1.14.1; `none`: webhook add-ons run on cloud nodes (`cni.cloudNodes`, NAT for them); refused what needs hybrid pods reachable (IP targets on hybrid pods); Calico runs without its API server; `cni.cloudNodes` only with none/gateway.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html",
  reads: [
    "cni.podRouting",
    "cni.kind",
    "cni.version",
    "cni.chartRepository",
    "cni.gateway",
    "cni.cloudNodes",
    "vpc.azCount",
    "vpc.natGateways",
    "loadBalancing",
  ],
  check: (c) => {
    if (c.cni?.kind === undefined) return [];
    const r = resolvePodRouting({ key: "cni.podRouting", value: c.cni.podRouting }, { key: "cni.routing", value: c.cni.routing });
    if (!r.mode) return [];
    const input = podRoutingInput(c, r.mode, c.cni.version ?? CNI_DEFAULTS[c.cni.kind].version);
    return input ? checkPodRouting(input) : [];
  },
};
