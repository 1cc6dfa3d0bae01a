/**
 * The AWS Load Balancer Controller's IRSA trust policy and chart values. Pure.
 *
 * Hybrid nodes have no EC2 instance metadata, so the controller cannot discover its region and
 * VPC: both are set in the values. Its webhooks (Service mutator, Ingress and TargetGroupBinding
 * validators) run on pod IPs that the control plane must reach: the schema guarantees a
 * routable pod network and the plan's rules the webhook port (`rules/load-balancing.ts`).
 */
import { LB_WEBHOOK_PORT } from "../../plan";
import { cloudNodeAffinity } from "../gateway/mixed-cluster";
import { PolicyStatement } from "./alb-controller-iam-policy";

export const ALB_CONTROLLER_NAMESPACE = "kube-system";
export const ALB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
export const ALB_CONTROLLER_RELEASE = "aws-load-balancer-controller";

/** An IAM role trust policy. */
export interface TrustPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: readonly (Omit<PolicyStatement, "Resource"> & { readonly Principal: { readonly Federated: string } })[];
}

/** The OIDC issuer as IAM condition keys use it: without `https://` and trailing `/`. */
export function issuerHost(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/**
 * Trust for one Kubernetes service account through the cluster's OIDC provider: web identity
 * only, the token's `sub` pinned to the service account and `aud` to STS.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): TrustPolicy {
  const issuer = issuerHost(issuerUrl);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** The controller's trust policy. */
export function albControllerTrustPolicy(oidcProviderArn: string, issuerUrl: string): TrustPolicy {
  return irsaTrustPolicy(oidcProviderArn, issuerUrl, ALB_CONTROLLER_NAMESPACE, ALB_CONTROLLER_SERVICE_ACCOUNT);
}

/** The partition of an ARN (`arn:<partition>:…`), `aws` when it cannot be read. */
export function partitionOf(arn: string): string {
  const p = arn.split(":")[1];
  return p && p.startsWith("aws") ? p : "aws";
}

export interface AlbControllerValuesInput {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly roleArn: string;
  /**
   * MetalLB or Cilium LB IPAM assigns LoadBalancer addresses in the cluster: the controller's
   * Service mutator would otherwise claim every new LoadBalancer Service (`service.k8s.aws/nlb`).
   */
  readonly inClusterLoadBalancer: boolean;
  /**
   * Run on the cloud nodes of a mixed cluster (`plan.cloudNodes`): AWS's mixed-mode values, node
   * affinity `eks.amazonaws.com/compute-type NotIn [hybrid]` (hybrid-nodes-webhooks page). @default false
   */
  readonly onCloudNodes?: boolean;
}

export function albControllerValues(i: AlbControllerValuesInput): Record<string, unknown> {
  return {
    clusterName: i.clusterName,
    region: i.region,
    vpcId: i.vpcId,
    serviceAccount: {
      create: true,
      name: ALB_CONTROLLER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": i.roleArn },
    },
    enableServiceMutatorWebhook: !i.inClusterLoadBalancer,
    // Pinned to the port the plan opens to pod IPs (the chart's default, made explicit).
    webhookBindPort: LB_WEBHOOK_PORT,
    ...(i.onCloudNodes ? { affinity: cloudNodeAffinity() } : {}),
  };
}

/**
 * The controller's CRDs (TargetGroupBinding, IngressClassParams, and from v3 the Gateway API
 * configuration CRDs) at a controller release. Helm never upgrades them; upstream asks to apply
 * them before `helm upgrade` (kubernetes-sigs/aws-load-balancer-controller issue #4555), so the
 * program applies this file before the release and the release skips its copy.
 */
export function albControllerCrdsUrl(controllerVersion: string): string {
  return `https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/${controllerVersion}/helm/aws-load-balancer-controller/crds/crds.yaml`;
}
