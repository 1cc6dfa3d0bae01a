/**
 * Where load balancer controllers can run on hybrid nodes, and what the demo workloads need.
 *
 * The AWS Load Balancer Controller and MetalLB serve admission webhooks from pods (port 9443).
 * On hybrid nodes those pods have addresses in the remote pod network, which the EKS control
 * plane reaches only when on-prem routes it to the nodes (static per-node routes or BGP) and the
 * webhook port is among the ports opened to pod IPs (`cluster.webhookPorts`).
 */
import { Keyed, Problem } from "./problem";

/** The webhook port of the AWS Load Balancer Controller and of MetalLB's controller. */
export const LB_WEBHOOK_PORT = 9443;
/** Pod network routings that make pod IPs reachable from the control plane. */
export const ROUTABLE_POD_ROUTINGS: readonly string[] = ["static", "bgp"];

export interface LoadBalancingChoice {
  readonly metallb: boolean;
  readonly awsLoadBalancerController: boolean;
  readonly ciliumLbIpam: boolean;
  readonly demoApps: Keyed<boolean>;
  /** `cni.routing`, when the CNI section parsed. */
  readonly podRouting?: Keyed<string>;
  /** `cluster.webhookPorts`, when the cluster section parsed. */
  readonly webhookPorts?: Keyed<readonly number[]>;
}

export function checkLoadBalancingPlacement(c: LoadBalancingChoice): Problem[] {
  const problems: Problem[] = [];
  const webhookOwners = [
    ...(c.awsLoadBalancerController ? ["the AWS Load Balancer Controller"] : []),
    ...(c.metallb ? ["MetalLB"] : []),
  ];
  if (webhookOwners.length) {
    const who = webhookOwners.join(" and ");
    if (c.podRouting && !ROUTABLE_POD_ROUTINGS.includes(c.podRouting.value)) {
      problems.push({
        key: c.podRouting.key,
        value: c.podRouting.value,
        rule: `leaves the pod network unroutable from the EKS control plane, which must call the webhooks of ${who} on pod IPs; use static or bgp routing`,
      });
    }
    if (c.webhookPorts && !c.webhookPorts.value.includes(LB_WEBHOOK_PORT)) {
      problems.push({
        key: c.webhookPorts.key,
        value: JSON.stringify(c.webhookPorts.value),
        rule: `does not include ${LB_WEBHOOK_PORT}, the webhook port of ${who}; the control plane could not reach it and Service/pool creation would fail`,
      });
    }
  }
  if (c.demoApps.value) {
    if (!c.metallb && !c.ciliumLbIpam && !c.awsLoadBalancerController) {
      problems.push({ key: c.demoApps.key, value: "true", severity: "warning", rule: "has no load balancer to use (enable metallb, ciliumLbIpam or awsLoadBalancerController); no demo workloads are deployed" });
    } else if (!c.awsLoadBalancerController) {
      problems.push({ key: c.demoApps.key, value: "true", severity: "warning", rule: "deploys only frontend-external: the 2048 Ingress needs the AWS Load Balancer Controller (ingressClassName alb)" });
    }
  }
  return problems;
}
