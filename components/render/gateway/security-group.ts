/**
 * Rules of the gateway nodes' security group (pure). The getting-started page: "The security
 * groups attached to the gateway EC2 instances must allow inbound and outbound UDP traffic on
 * port 8472" — to and from the hybrid nodes (remote node CIDRs). The gateway also forwards: VPC
 * sources → hybrid pods arrive on its ENI, hybrid pods → VPC destinations leave it, so the group
 * passes traffic between the VPC and the remote pod CIDRs.
 */
import { NetworkPlan } from "../../plan";
import { GATEWAY } from "../../plan/gateway-plan";

/** One rule of the gateway group. */
export interface GatewaySgRule {
  readonly direction: "ingress" | "egress";
  readonly cidr: string;
  /** `udp` with a port, or `-1` (all) without. */
  readonly protocol: "udp" | "-1";
  readonly port?: number;
  readonly description: string;
  /** Stable suffix of the rule's resource name. */
  readonly key: string;
}

const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

/** Every rule of the gateway nodes' security group for the plan. */
export function gatewaySecurityGroupRules(plan: NetworkPlan): GatewaySgRule[] {
  const rules: GatewaySgRule[] = [];
  const port = GATEWAY.vxlanPort;
  for (const cidr of plan.remote.nodeCidrs) {
    rules.push({
      direction: "ingress",
      cidr,
      protocol: "udp",
      port,
      description: "VXLAN (VNI 2) from Cilium on hybrid nodes",
      key: `in-vxlan-${slug(cidr)}`,
    });
    rules.push({
      direction: "egress",
      cidr,
      protocol: "udp",
      port,
      description: "VXLAN (VNI 2) to Cilium on hybrid nodes",
      key: `out-vxlan-${slug(cidr)}`,
    });
  }
  for (const cidr of plan.vpcCidrs) {
    rules.push({
      direction: "ingress",
      cidr,
      protocol: "-1",
      description: "VPC traffic the gateway forwards to hybrid pods",
      key: `in-fwd-${slug(cidr)}`,
    });
    rules.push({
      direction: "egress",
      cidr,
      protocol: "-1",
      description: "Hybrid pod traffic the gateway forwards into the VPC",
      key: `out-fwd-${slug(cidr)}`,
    });
  }
  return rules;
}
