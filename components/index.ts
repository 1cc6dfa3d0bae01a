/**
 * The library entry (`import { HybridNetwork, buildPlan } from "eks-hybrid-network"`): the four
 * components with their args, the plan API (schema, CIDR math, rules, `buildPlan`), the pure
 * renderers, and the stack program itself. The Pulumi program of this repository is `index.ts`
 * at the root (`export = hybridStackProgram`); this module is what `package.json` exports.
 */

// Components.
export { HybridNetwork } from "./network/hybrid-network";
export type { HybridNetworkArgs } from "./network/hybrid-network";
export { HybridCluster } from "./cluster/hybrid-cluster";
export type { HybridClusterArgs } from "./cluster/hybrid-cluster";
export { HybridCniRelease } from "./cni/hybrid-cni-release";
export type { HybridCniReleaseArgs } from "./cni/hybrid-cni-release";
export { LoadBalancing } from "./lb/load-balancing";
export type { LoadBalancingArgs } from "./lb/load-balancing";
export { HybridNodesGateway } from "./gateway/hybrid-nodes-gateway";
export type { HybridNodesGatewayArgs } from "./gateway/hybrid-nodes-gateway";
export { CILIUM_CR_VERSION_ALIASES, ciliumCrAliases } from "./k8s/cilium-aliases";

// The plan: config schema, CIDR math, the hybrid rules, NetworkPlan and buildPlan/planFromRawConfig.
export * from "./plan";

// Pure renderers. CNI and router renderers in full; the others by their entry points (their
// helpers stay internal, and `render/lb` has its own `K8sObject` shape).
export * from "./render/cni";
export * from "./render/router";
export { renderArtifacts } from "./render/artifacts";
export type { Artifacts } from "./render/artifacts";
export { renderFirewall, firewallFlows } from "./render/firewall";
export type { Flow } from "./render/firewall";
export { renderFirewallJson, firewallFile, FIREWALL_JSON_FORMAT } from "./render/firewall";
export type { FirewallFile, FirewallRule } from "./render/firewall";
export { flowsFor } from "./plan/flows";
export type { NetworkFlow, FlowEnd, FlowProtocol, FlowEnforcer } from "./plan/flows";
export { renderNodeadm, renderNodeadmFiles, nodeConfig } from "./render/nodeadm";
export type { NodeCredentials } from "./render/nodeadm";
export { vyosIpsecCommands, placeholderTunnelValues } from "./render/onprem/vyos-ipsec";
export type { TunnelValues, TunnelValue } from "./render/onprem/vyos-ipsec";
export { metallbValues, metallbAddressPool, metallbAdvertisements, metallbNamespace } from "./render/lb/metallb";
export { ciliumLbIpamObjects } from "./render/lb/cilium-lb-ipam";
export { albControllerValues, albControllerTrustPolicy } from "./render/lb/alb-controller";
export { albControllerPolicy } from "./render/lb/alb-controller-iam-policy";
export { demoAppObjects } from "./render/lb/demo-apps";
export * from "./render/gateway";

// The whole stack as a function, for a project that wants this program with its own entry.
export { hybridStackProgram } from "../stacks/program";
export { loadPlan, readRawConfig } from "../stacks/load-plan";
