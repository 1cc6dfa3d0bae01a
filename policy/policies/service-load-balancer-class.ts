/**
 * service-load-balancer-class: in a stack with a hybrid cluster, a `LoadBalancer` Service names
 * its controller with `spec.loadBalancerClass`. Without a class, the EKS control plane's legacy
 * AWS cloud provider claims the Service and builds a Classic Load Balancer with instance targets,
 * which cannot reach pods on hybrid nodes (EKS user guide, "Configure Services of type
 * LoadBalancer for hybrid nodes": NLB through the AWS Load Balancer Controller with `ip` targets,
 * or Cilium / MetalLB on premises). The Load Balancer Controller's own annotation
 * `service.beta.kubernetes.io/aws-load-balancer-type: external` (or `nlb-ip`) also keeps the
 * legacy provider away (LBC docs, "Network Load Balancer", legacy in-tree controller).
 */
import { Finding, stackPolicy } from "../lib/define";
import { isUnknown, str } from "../lib/props";
import { hybridClusters, spec, T } from "../lib/stack";

const LBC_TYPES = ["external", "nlb-ip"];

export const serviceLoadBalancerClass = stackPolicy({
  name: "service-load-balancer-class",
  description:
    "In a stack with a hybrid cluster, Services of type LoadBalancer set spec.loadBalancerClass, so that the legacy AWS cloud provider does not build a Classic Load Balancer for them.",
  fix: "set spec.loadBalancerClass (service.k8s.aws/nlb for the AWS Load Balancer Controller, io.cilium/bgp-control-plane or io.cilium/l2-announcer for Cilium, or MetalLB's configured class)",
  meta: {
    reads: [T.cluster, T.k8sService],
    checks: [
      "every `kubernetes:core/v1:Service` with `spec.type: LoadBalancer` in a stack with a hybrid cluster sets `spec.loadBalancerClass`, or carries the Load Balancer Controller's `service.beta.kubernetes.io/aws-load-balancer-type: external` / `nlb-ip` annotation",
    ],
  },
  check: (ix, _c, notApplicable) => {
    if (!hybridClusters(ix).length || !ix.has(T.k8sService)) return notApplicable("needs a hybrid EKS cluster and Kubernetes Services");
    return ix.of(T.k8sService).flatMap((r): Finding[] => {
      const s = spec(r);
      if (s.type !== "LoadBalancer") return []; // unknown or another type
      const cls = str(s.loadBalancerClass);
      if (cls !== undefined) return []; // set, or unknown in preview
      const annotations = isUnknown(r.p.metadata) ? r.p.metadata : r.p.metadata?.annotations;
      if (isUnknown(annotations)) return [];
      const lbType = str(annotations?.["service.beta.kubernetes.io/aws-load-balancer-type"]);
      if (isUnknown(lbType) || (typeof lbType === "string" && LBC_TYPES.includes(lbType))) return [];
      return [
        {
          res: r,
          problem: {
            key: "spec.loadBalancerClass",
            value: "(unset)",
            rule: "on a LoadBalancer Service: the legacy AWS cloud provider would build a Classic Load Balancer, which cannot reach pods on hybrid nodes",
          },
        },
      ];
    });
  },
});
