/**
 * The rules of the cluster's extra security group, decided from the plan (pure, no Pulumi) so
 * that the component, the tests and the policy pack read the same list.
 */
import { NetworkPlan } from "../plan";

/** One security group rule: one CIDR, one TCP port. */
export interface SgRule {
  readonly direction: "ingress" | "egress";
  readonly cidr: string;
  readonly port: number;
  readonly protocol: "tcp";
  /** Becomes the rule's description. */
  readonly description: string;
  /** Stable suffix for the rule's resource name. */
  readonly key: string;
}

const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

/**
 * Ingress 443 from the remote node and pod CIDRs (kubelets, pods → API server); egress 10250 to
 * the node CIDRs (logs, exec), the webhook ports to the pod CIDRs, and 443 inside the VPC.
 */
export function clusterSecurityGroupRules(plan: NetworkPlan): SgRule[] {
  const rules: SgRule[] = [];
  const add = (direction: SgRule["direction"], cidr: string, port: number, description: string) =>
    rules.push({
      direction,
      cidr,
      port,
      protocol: "tcp",
      description,
      key: `${direction === "ingress" ? "in" : "out"}-${port}-${slug(cidr)}`,
    });
  for (const c of plan.remote.nodeCidrs) add("ingress", c, 443, "Hybrid nodes to the Kubernetes API server");
  for (const c of plan.remote.podCidrs) add("ingress", c, 443, "Pods on hybrid nodes to the Kubernetes API server");
  for (const c of plan.remote.nodeCidrs) add("egress", c, 10250, "Control plane to the kubelet on hybrid nodes");
  for (const c of plan.remote.podCidrs) {
    for (const port of plan.cluster.webhookPorts) add("egress", c, port, `Control plane to webhooks on hybrid-node pods (port ${port})`);
  }
  for (const c of plan.vpcCidrs) add("egress", c, 443, "Control plane to HTTPS inside the VPC");
  return rules;
}
