/**
 * The Site-to-Site VPN: customer gateway, VPN connection on the Transit Gateway with tunnel
 * options pinned to the proposal the rendered router config uses, and the TGW routing for it
 * (static routes per remote CIDR, or BGP propagation).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { IPSEC_PROPOSAL } from "../render/onprem/vyos-ipsec";
import { TgwParts } from "./transit-gateway";
import { aggregateCidrs } from "../plan/cidr-aggregate";

export interface VpnParts {
  readonly connection: aws.ec2.VpnConnection;
  readonly customerGateway: aws.ec2.CustomerGateway;
  /** TGW static routes (static routing only). */
  readonly staticRoutes: aws.ec2transitgateway.Route[];
}

/** Tunnel options for tunnel `n` (1 or 2). */
function tunnelOptions(n: 1 | 2, insideCidr: string | undefined, psk: pulumi.Input<string> | undefined): Record<string, unknown> {
  const p = IPSEC_PROPOSAL.aws;
  const t = `tunnel${n}`;
  return {
    [`${t}IkeVersions`]: [...p.ikeVersions],
    [`${t}Phase1EncryptionAlgorithms`]: [...p.encryption],
    [`${t}Phase1IntegrityAlgorithms`]: [...p.integrity],
    [`${t}Phase1DhGroupNumbers`]: [...p.dhGroups],
    [`${t}Phase1LifetimeSeconds`]: IPSEC_PROPOSAL.phase1LifetimeSeconds,
    [`${t}Phase2EncryptionAlgorithms`]: [...p.encryption],
    [`${t}Phase2IntegrityAlgorithms`]: [...p.integrity],
    [`${t}Phase2DhGroupNumbers`]: [...p.dhGroups],
    [`${t}Phase2LifetimeSeconds`]: IPSEC_PROPOSAL.phase2LifetimeSeconds,
    ...(insideCidr ? { [`${t}InsideCidr`]: insideCidr } : {}),
    ...(psk !== undefined ? { [`${t}PresharedKey`]: pulumi.secret(psk) } : {}),
  };
}

export function siteToSiteVpn(
  name: string,
  plan: NetworkPlan,
  tgw: TgwParts,
  presharedKeys: readonly (pulumi.Input<string> | undefined)[],
  parent: pulumi.Resource,
): VpnParts {
  const opts = { parent };
  const vpn = plan.vpn;
  const customerGateway = new aws.ec2.CustomerGateway(
    `${name}-cgw`,
    {
      bgpAsn: String(vpn.customerGatewayAsn),
      ipAddress: vpn.customerGatewayIp,
      type: "ipsec.1",
      tags: { Name: `${name}-cgw` },
    },
    opts,
  );
  const connection = new aws.ec2.VpnConnection(
    `${name}-vpn`,
    {
      customerGatewayId: customerGateway.id,
      transitGatewayId: tgw.transitGatewayId,
      type: "ipsec.1",
      staticRoutesOnly: vpn.routing === "static",
      ...tunnelOptions(1, vpn.tunnelInsideCidrs[0], presharedKeys[0]),
      ...tunnelOptions(2, vpn.tunnelInsideCidrs[1], presharedKeys[1]),
      tags: { Name: `${name}-vpn` },
    },
    { parent, protect: plan.protect, additionalSecretOutputs: ["tunnel1PresharedKey", "tunnel2PresharedKey"] },
  );

  const attachmentId = connection.transitGatewayAttachmentId;
  if (tgw.explicitRouting) {
    new aws.ec2transitgateway.RouteTableAssociation(
      `${name}-vpn`,
      { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: tgw.routeTableId },
      opts,
    );
    if (vpn.routing === "bgp") {
      new aws.ec2transitgateway.RouteTablePropagation(
        `${name}-vpn`,
        { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: tgw.routeTableId },
        opts,
      );
    }
  }
  const staticRoutes =
    vpn.routing === "static"
      ? aggregateCidrs([...plan.remote.nodeCidrs, ...plan.remote.podCidrs]).map(
          (cidr) =>
            new aws.ec2transitgateway.Route(
              `${name}-tgw-to-${cidr.replace(/[./]/g, "-")}`,
              {
                destinationCidrBlock: cidr,
                transitGatewayAttachmentId: attachmentId,
                transitGatewayRouteTableId: tgw.routeTableId,
              },
              opts,
            ),
        )
      : [];
  return { connection, customerGateway, staticRoutes };
}
