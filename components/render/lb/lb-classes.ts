/**
 * The `spec.loadBalancerClass` of every LoadBalancer Service the program renders, by the
 * implementation that serves it. Pure.
 *
 * On EKS the legacy AWS cloud provider also acts on class-less LoadBalancer Services and tries to
 * build a Classic Load Balancer for them (EKS hybrid nodes load balancing page,
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-load-balancing.html), so no
 * Service is left without a class:
 * - MetalLB serves only Services of the class set by its chart value `loadBalancerClass`
 *   (metallb/metallb `charts/metallb/values.yaml`, the controller's and speaker's `--lb-class`);
 *   Kubernetes requires a prefixed name for a class (`<domain>/<name>`; unprefixed ones are
 *   reserved for end users).
 * - Cilium's BGP control plane announces (and LB IPAM serves) `io.cilium/bgp-control-plane`
 *   (https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/).
 * - The AWS Load Balancer Controller builds an NLB for `service.k8s.aws/nlb`
 *   (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/).
 */
import { NetworkPlan } from "../../plan";
import { CILIUM_BGP_LB_CLASS } from "./cilium-lb-ipam";

/** MetalLB's class (its chart value `loadBalancerClass`). */
export const METALLB_LB_CLASS = "metallb.io/metallb";
/** The AWS Load Balancer Controller's NLB class. */
export const AWS_NLB_LB_CLASS = "service.k8s.aws/nlb";
export { CILIUM_BGP_LB_CLASS };

/**
 * The class a LoadBalancer Service of this plan gets: MetalLB's, else Cilium's, else the AWS
 * Load Balancer Controller's; undefined when the plan has no load balancer (then it renders none).
 */
export function serviceLoadBalancerClass(plan: NetworkPlan): string | undefined {
  const lb = plan.loadBalancing;
  if (lb.metallb) return METALLB_LB_CLASS;
  if (lb.ciliumLbIpam) return CILIUM_BGP_LB_CLASS;
  if (lb.awsLoadBalancerController) return AWS_NLB_LB_CLASS;
  return undefined;
}
