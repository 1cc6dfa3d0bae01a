/**
 * Where load balancer controllers can run on hybrid nodes, and what the demo workloads need.
 *
 * The AWS Load Balancer Controller and MetalLB serve admission webhooks from pods (port 9443).
 * On hybrid nodes those pods have addresses in the remote pod network, which the EKS control
 * plane reaches only when on-prem routes it to the nodes and the webhook port is among the ports
 * opened to pod IPs (`cluster.webhookPorts`).
 */
import { Keyed, Problem } from "./problem";

/**
 * The webhook port of the AWS Load Balancer Controller (chart `webhookBindPort`, default 9443)
 * and of MetalLB's controller.
 */
export const LB_WEBHOOK_PORT = 9443;

export interface LoadBalancingChoice {
  readonly metallb: boolean;
  readonly awsLoadBalancerController: boolean;
  readonly ciliumLbIpam: boolean;
  readonly demoApps: Keyed<boolean>;
  /** `cluster.webhookPorts`, when the cluster section parsed. */
  readonly webhookPorts?: Keyed<readonly number[]>;
}

export function checkLoadBalancingPlacement(c: LoadBalancingChoice): Problem[] {
  const problems: Problem[] = [];
  const webhookOwners = [...(c.awsLoadBalancerController ? ["the AWS Load Balancer Controller"] : []), ...(c.metallb ? ["MetalLB"] : [])];
  if (webhookOwners.length) {
    const who = webhookOwners.join(" and ");
    // The schema guarantees a routable pod network (cni.routing: static routes or BGP), which these webhooks need.
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
      problems.push({
        key: c.demoApps.key,
        value: "true",
        severity: "warning",
        rule: "has no load balancer to use (enable metallb, ciliumLbIpam or awsLoadBalancerController); no demo workloads are deployed",
      });
    } else if (!c.awsLoadBalancerController) {
      problems.push({
        key: c.demoApps.key,
        value: "true",
        severity: "warning",
        rule: "deploys only frontend-external: the 2048 Ingress needs the AWS Load Balancer Controller (ingressClassName alb)",
      });
    }
  }
  return problems;
}

/** The chart version check lives with the version data (`alb-controller-version.ts`). */
export { checkAlbControllerVersion } from "./alb-controller-version";
