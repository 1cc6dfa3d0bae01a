/**
 * The Transit Gateway (created with its own route table, default association and propagation
 * off; or adopted by id) and the VPC attachment on the private subnets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TransitGatewayPlan } from "../plan";

/** What the VPN and the VPC routes need from the Transit Gateway. */
export interface TgwParts {
  readonly transitGatewayId: pulumi.Output<string>;
  /** The route table the VPC and VPN attachments use. */
  readonly routeTableId: pulumi.Output<string>;
  /** Whether attachments are associated/propagated explicitly (false: the TGW defaults do it). */
  readonly explicitRouting: boolean;
  readonly vpcAttachment: aws.ec2transitgateway.VpcAttachment;
  /** The created TGW (protected per plan), absent when adopted. */
  readonly created?: aws.ec2transitgateway.TransitGateway;
}

export function transitGateway(
  name: string,
  plan: TransitGatewayPlan,
  vpc: { vpcId: pulumi.Input<string>; privateSubnetIds: pulumi.Input<string>[] },
  parent: pulumi.Resource,
  protect: boolean,
): TgwParts {
  const opts = { parent };
  let transitGatewayId: pulumi.Output<string>;
  let routeTableId: pulumi.Output<string>;
  let explicitRouting = true;
  let created: aws.ec2transitgateway.TransitGateway | undefined;
  if (plan.mode === "create") {
    created = new aws.ec2transitgateway.TransitGateway(
      `${name}-tgw`,
      {
        amazonSideAsn: plan.amazonSideAsn,
        defaultRouteTableAssociation: "disable",
        defaultRouteTablePropagation: "disable",
        dnsSupport: "enable",
        vpnEcmpSupport: "enable",
        description: `${name}: VPC to on-prem hybrid nodes`,
        tags: { Name: `${name}-tgw` },
      },
      { parent, protect },
    );
    transitGatewayId = created.id;
    routeTableId = new aws.ec2transitgateway.RouteTable(`${name}-tgw`, { transitGatewayId, tags: { Name: `${name}-tgw` } }, opts).id;
  } else {
    transitGatewayId = pulumi.output(plan.id);
    if (plan.routeTableId) routeTableId = pulumi.output(plan.routeTableId);
    else {
      // No route table given: use the adopted TGW's default association table and its defaults.
      explicitRouting = false;
      routeTableId = aws.ec2transitgateway.getTransitGatewayOutput({ id: plan.id }, { parent }).associationDefaultRouteTableId;
    }
  }
  const vpcAttachment = new aws.ec2transitgateway.VpcAttachment(
    `${name}-vpc`,
    {
      transitGatewayId,
      vpcId: vpc.vpcId,
      subnetIds: vpc.privateSubnetIds,
      dnsSupport: "enable",
      ...(explicitRouting ? { transitGatewayDefaultRouteTableAssociation: false, transitGatewayDefaultRouteTablePropagation: false } : {}),
      tags: { Name: `${name}-vpc` },
    },
    opts,
  );
  if (explicitRouting) {
    new aws.ec2transitgateway.RouteTableAssociation(
      `${name}-vpc`,
      { transitGatewayAttachmentId: vpcAttachment.id, transitGatewayRouteTableId: routeTableId },
      opts,
    );
    new aws.ec2transitgateway.RouteTablePropagation(
      `${name}-vpc`,
      { transitGatewayAttachmentId: vpcAttachment.id, transitGatewayRouteTableId: routeTableId },
      opts,
    );
  }
  return { transitGatewayId, routeTableId, explicitRouting, vpcAttachment, created };
}
