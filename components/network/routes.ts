/**
 * VPC routes: every remote node and pod CIDR → the Transit Gateway, in every chosen route table,
 * neighbouring blocks merged into one route (`cidr-aggregate.ts`: the same addresses, fewer routes).
 * With `podRouting: gateway` the EKS Hybrid Nodes gateway owns the pod CIDR routes (it points
 * them at the active gateway node's ENI), so only the node CIDRs are routed here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { VpcParts } from "./vpc";
import { vpcRoutedRemoteBlocks } from "../plan/cidr-aggregate";

export function remoteRoutes(
  name: string,
  plan: NetworkPlan,
  vpc: VpcParts,
  transitGatewayId: pulumi.Input<string>,
  attachment: pulumi.Resource,
  parent: pulumi.Resource,
): aws.ec2.Route[] {
  const cidrs = vpcRoutedRemoteBlocks(plan.remote.nodeCidrs, plan.remote.podCidrs, plan.cni.routing);
  return [...vpc.privateRouteTables, ...vpc.publicRouteTables].flatMap((rt) =>
    cidrs.map(
      (cidr) =>
        new aws.ec2.Route(
          `${name}-${rt.key}-to-${cidr.replace(/[./]/g, "-")}`,
          {
            routeTableId: rt.id,
            destinationCidrBlock: cidr,
            transitGatewayId,
          },
          { parent, dependsOn: [attachment] },
        ),
    ),
  );
}
