/**
 * IAM documents of the EKS Hybrid Nodes gateway, scoped as tightly as EC2 allows. Pure: ARNs come
 * in as strings.
 *
 * - The gateway pod (EKS Pod Identity, AWS's recommended way): `ec2:CreateRoute` /
 *   `ec2:ReplaceRoute` on exactly the route tables it programs, `ec2:DescribeRouteTables` /
 *   `ec2:DescribeInstances` on `*` (EC2 Describe actions support no resource-level permissions).
 *   The gateway's routes target its primary ENI (`NetworkInterfaceId` in
 *   github.com/aws/eks-hybrid-nodes-gateway internal/aws/routetable.go), and a route's target is
 *   a resource of the request: the Service Authorization Reference for EC2
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)
 *   lists `route-table` (required) and the target types, `network-interface` among them, for
 *   CreateRoute and ReplaceRoute. So the actions are also allowed on network interfaces, only
 *   those of this VPC (`ec2:Vpc`, the condition key the `network-interface` type carries), in a
 *   statement of their own so the route-table statement needs no condition. AWS's own policy
 *   (getting-started page, "IAM permissions for route table management") grants all four on `*`.
 * - The trust policy accepts only this cluster's gateway service account, through the session
 *   tags Pod Identity sets (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 * - The gateway nodes' role may switch off source/destination checking on ENIs of this VPC only:
 *   the launch template's user data calls `ec2:ModifyNetworkInterfaceAttribute` at boot, as the
 *   getting-started page's managed-node-group steps do.
 */
import { GATEWAY } from "../../plan/gateway-plan";

/** A policy document (JSON-serialisable). */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** Where the documents point. */
export interface GatewayIamContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
}

/** Pod Identity may assume the role for the gateway's service account in this cluster only. */
export function gatewayTrustPolicy(ctx: GatewayIamContext): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EksPodIdentityForTheGatewayOnly",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:SourceAccount": ctx.accountId,
            "aws:RequestTag/eks-cluster-name": ctx.clusterName,
            "aws:RequestTag/kubernetes-namespace": GATEWAY.namespace,
            "aws:RequestTag/kubernetes-service-account": GATEWAY.serviceAccount,
          },
        },
      },
    ],
  };
}

/** ARN of a route table. */
export function routeTableArn(ctx: Omit<GatewayIamContext, "clusterName">, id: string): string {
  return `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:route-table/${id}`;
}

/** ARN of a VPC (the value of the `ec2:Vpc` condition key). */
export function vpcArn(ctx: Omit<GatewayIamContext, "clusterName">, vpcId: string): string {
  return `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc/${vpcId}`;
}

/** The gateway's route management: write on the given route tables towards ENIs of `vpcId`, describe on `*`. */
export function gatewayRoutePolicy(ctx: GatewayIamContext, routeTableIds: readonly string[], vpcId: string): PolicyDocument {
  if (routeTableIds.length === 0) throw new Error("gatewayRoutePolicy: no route tables to program");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ProgramPodCidrRoutesInTheClusterRouteTables",
        Effect: "Allow",
        Action: [...GATEWAY.routeActions],
        Resource: routeTableIds.map((id) => routeTableArn(ctx, id)),
      },
      {
        Sid: "RouteTargetIsAnEniOfTheClusterVpc",
        Effect: "Allow",
        Action: [...GATEWAY.routeActions],
        Resource: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:network-interface/*`,
        Condition: { ArnEquals: { "ec2:Vpc": vpcArn(ctx, vpcId) } },
      },
      { Sid: "FindRoutesAndOwnEni", Effect: "Allow", Action: [...GATEWAY.describeActions], Resource: "*" },
    ],
  };
}

/** The gateway nodes switch off source/destination checking on their primary ENI, in this VPC only. */
export function sourceDestCheckPolicy(ctx: Omit<GatewayIamContext, "clusterName">, vpcId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DisableSourceDestCheckOnOwnEni",
        Effect: "Allow",
        Action: "ec2:ModifyNetworkInterfaceAttribute",
        Resource: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:network-interface/*`,
        Condition: { ArnEquals: { "ec2:Vpc": vpcArn(ctx, vpcId) } },
      },
    ],
  };
}

/** EC2 trusts the gateway nodes' role (managed node group instances). */
export function gatewayNodeTrustPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
}

/** AWS managed policies of an EKS managed node group's role with the VPC CNI. */
export const GATEWAY_NODE_MANAGED_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryPullOnly",
] as const;
