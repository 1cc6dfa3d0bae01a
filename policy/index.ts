/**
 * The eks-hybrid-network CrossGuard policy pack: the hybrid network rules of
 * `components/plan/rules`, applied to any stack's resources. Every policy is `mandatory` unless
 * the policy group's config lowers it. See README.md.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
  policies,
  enforcementLevel: "mandatory",
  description:
    "Amazon EKS Hybrid Nodes networking: remote networks, pod and load balancer pools, routes, BGP, cluster settings, IRSA and Cilium values.",
  displayName: "EKS Hybrid Nodes network",
  provider: "aws",
  tags: ["eks", "hybrid-nodes", "networking"],
});
