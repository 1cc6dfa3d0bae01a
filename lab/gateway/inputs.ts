/**
 * What the gateway lab proves, read from a stack's rendered files: the gateway release
 * (`out/STACK/helm/eks-hybrid-nodes-gateway.yaml`: VPC CIDR, pod CIDRs) and, through the same
 * planner the program uses, the hybrid nodes with their pod blocks and the gateway nodes' subnets.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { GATEWAY } from "../../components/plan/gateway-plan";
import { planForStack } from "../inputs";

/** A hybrid node as the lab builds it. */
export interface GatewayLabNode {
  readonly name: string;
  readonly ip: string;
  /** The node's pod block (Cilium's CiliumNode podCIDRs; the plan's block here). */
  readonly podCidr: string;
}

/** Inputs of {@link runGatewayLab}. */
export interface GatewayLabInputs {
  readonly stack: string;
  /** The gateway release's `vpcCIDR` value. */
  readonly vpcCidr: string;
  /** The gateway release's `podCIDRs` value, split. */
  readonly podCidrs: readonly string[];
  /** Subnets the gateway nodes live in (two AZs). */
  readonly gatewaySubnets: readonly string[];
  readonly nodes: readonly GatewayLabNode[];
  /** The on-prem router's address and the node network. */
  readonly routerAddress: string;
  readonly nodeCidr: string;
}

/** Read `outDir/helm/eks-hybrid-nodes-gateway.yaml` and plan `stack`; names what is missing. */
export function loadGatewayLabInputs(projectDir: string, stack: string, outDir: string): GatewayLabInputs {
  const file = path.join(outDir, "helm", `${GATEWAY.chart}.yaml`);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} does not exist: stack ${stack} renders no gateway release (cni.podRouting: gateway, then npm run plan -- --stack ${stack})`,
    );
  }
  const release = parse(fs.readFileSync(file, "utf8")) as { values?: Record<string, unknown> };
  const values = release.values ?? {};
  const plan = planForStack(projectDir, stack);
  if (!plan.gateway) throw new Error(`stack ${stack} does not use cni.podRouting: gateway`);
  const podCidrs = String(values.podCIDRs ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (!values.vpcCIDR || podCidrs.length === 0) throw new Error(`${file}: values.vpcCIDR and values.podCIDRs are required`);
  if (plan.gateway.nodeAddressCidrs.length < 2)
    throw new Error(`stack ${stack}: the lab needs the gateway subnets of a created VPC (two AZs)`);
  return {
    stack,
    vpcCidr: String(values.vpcCIDR),
    podCidrs,
    gatewaySubnets: plan.gateway.nodeAddressCidrs.slice(0, 2),
    nodes: plan.nodes.map((n) => ({ name: n.name, ip: n.ip, podCidr: n.podCidr })),
    routerAddress: plan.router.address,
    nodeCidr: plan.remote.nodeCidrs[0],
  };
}
