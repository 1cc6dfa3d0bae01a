/**
 * The rules of the cluster's extra security group, derived from the plan's flow list
 * (`components/plan/flows.ts`: the flows enforced by `cluster-security-group`). Pure, no Pulumi,
 * so that the component, the tests and the policy pack read the same list.
 */
import { NetworkPlan } from "../plan";
import { flowsFor, NetworkFlow } from "../plan/flows";
import { aggregateCidrs } from "../plan/cidr-aggregate";

/** One security group rule: one CIDR block (neighbouring blocks of a flow merged, `cidr-aggregate.ts`), one TCP port. */
export interface SgRule {
  readonly direction: "ingress" | "egress";
  readonly cidr: string;
  readonly port: number;
  readonly protocol: "tcp";
  /** Becomes the rule's description. */
  readonly description: string;
  /** Stable suffix for the rule's resource name. */
  readonly key: string;
  /** The flow (`flowsFor(plan)`) this rule allows. */
  readonly flowId: string;
}

const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

/** Flows whose initiator is the control plane leave the group (egress); the others enter it. */
const fromControlPlane = (f: NetworkFlow) => f.id.startsWith("control-plane-to-");

const DESCRIPTIONS: Record<string, string> = {
  "nodes-to-api-server": "Hybrid nodes to the Kubernetes API server",
  "pods-to-api-server": "Pods on hybrid nodes to the Kubernetes API server",
  "control-plane-to-kubelet": "Control plane to the kubelet on hybrid nodes",
  "control-plane-to-vpc-https": "Control plane to HTTPS inside the VPC",
};

function description(f: NetworkFlow, port: number): string {
  return DESCRIPTIONS[f.id] ?? `Control plane to webhooks on hybrid-node pods (port ${port})`;
}

/**
 * Ingress 443 from the remote node and pod CIDRs (kubelets, pods → API server); egress 10250 to
 * the node CIDRs (logs, exec), the webhook ports to the pod CIDRs, and 443 inside the VPC.
 * `flows` defaults to the plan's flow list (tests pass a changed list).
 */
export function clusterSecurityGroupRules(plan: NetworkPlan, flows: readonly NetworkFlow[] = flowsFor(plan)): SgRule[] {
  const rules: SgRule[] = [];
  for (const f of flows.filter((x) => x.enforcedBy.includes("cluster-security-group"))) {
    if (f.protocols.length !== 1 || f.protocols[0] !== "tcp") throw new Error(`flow ${f.id}: the security group takes TCP flows only`);
    const direction = fromControlPlane(f) ? "egress" : "ingress";
    const peer = direction === "egress" ? f.to : f.from;
    for (const cidr of aggregateCidrs(peer.addresses)) {
      for (const port of f.ports) {
        rules.push({
          direction,
          cidr,
          port,
          protocol: "tcp",
          description: description(f, port),
          key: `${direction === "ingress" ? "in" : "out"}-${port}-${slug(cidr)}`,
          flowId: f.id,
        });
      }
    }
  }
  return rules;
}
