/**
 * The gateway pod's AWS identity through EKS Pod Identity (AWS's recommended way): the
 * `eks-pod-identity-agent` add-on, a role only the gateway's service account can assume, its
 * route-management policy on exactly the route tables it programs, and the association.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { GATEWAY } from "../plan/gateway-plan";
import { gatewayRoutePolicy, gatewayTrustPolicy } from "../render/gateway";

/** What the identity needs. */
export interface GatewayIdentityInputs {
  readonly plan: NetworkPlan;
  readonly clusterName: pulumi.Input<string>;
  readonly routeTableIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The cluster's VPC: the routes may target its ENIs only. */
  readonly vpcId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
}

/** Creates the agent add-on, role, policy and association. */
export function gatewayIdentity(name: string, i: GatewayIdentityInputs, parent: pulumi.Resource) {
  const opts = { parent };
  const agent = new aws.eks.Addon(`${name}-pod-identity-agent`, { clusterName: i.clusterName, addonName: "eks-pod-identity-agent" }, opts);
  const ctx = pulumi.all([i.partition, i.accountId, i.clusterName]);
  const role = new aws.iam.Role(
    `${name}-gw-pod`,
    {
      assumeRolePolicy: ctx.apply(([partition, accountId, clusterName]) =>
        JSON.stringify(gatewayTrustPolicy({ partition, region: i.plan.region, accountId, clusterName })),
      ),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-gw-routes`,
    {
      role: role.name,
      policy: pulumi
        .all([ctx, pulumi.output(i.routeTableIds), i.vpcId])
        .apply(([[partition, accountId, clusterName], ids, vpcId]) =>
          JSON.stringify(gatewayRoutePolicy({ partition, region: i.plan.region, accountId, clusterName }, ids, vpcId)),
        ),
    },
    opts,
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-gw`,
    { clusterName: i.clusterName, namespace: GATEWAY.namespace, serviceAccount: GATEWAY.serviceAccount, roleArn: role.arn },
    { parent, dependsOn: [agent, policy] },
  );
  return { agent, role, policy, association };
}
