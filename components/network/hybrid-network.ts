/**
 * HybridNetwork: the AWS side of the hybrid link (VPC, Transit Gateway, Site-to-Site VPN,
 * routes to the remote networks, the cluster's extra security group), plus the on-prem IPsec
 * configuration with the values only AWS knows filled in (a secret output).
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { TunnelValues } from "../render/onprem/vyos-ipsec";
import { remoteRoutes } from "./routes";
import { clusterSecurityGroup } from "./security-group";
import { transitGateway } from "./transit-gateway";
import { adoptVpc, createVpc } from "./vpc";
import { siteToSiteVpn } from "./vpn";

/** Arguments of {@link HybridNetwork}. */
export interface HybridNetworkArgs {
  /** The network plan; decides which children exist (created or adopted VPC and TGW, static or BGP VPN). */
  readonly plan: NetworkPlan;
  /** Pre-shared keys of VPN tunnel 1 and 2 (secrets); AWS generates a key where unset. @default AWS-generated */
  readonly tunnelPresharedKeys?: readonly (pulumi.Input<string> | undefined)[];
}

export class HybridNetwork extends pulumi.ComponentResource {
  /** VPC id (created or adopted). */
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet ids (cluster ENIs, TGW attachment). */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids (internet-facing load balancers). */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Route tables that carry the routes to the remote networks (private, plus public when routed from there). */
  readonly remoteRouteTableIds: pulumi.Output<string[]>;
  /** The extra cluster security group for hybrid traffic. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** Transit Gateway id (created or adopted). */
  readonly transitGatewayId: pulumi.Output<string>;
  /** Site-to-Site VPN connection id. */
  readonly vpnConnectionId: pulumi.Output<string>;
  /** AWS outside IPs of tunnel 1 and 2 (the on-prem IPsec peers). */
  readonly vpnTunnelOutsideIps: pulumi.Output<string[]>;
  /** Pre-shared keys of tunnel 1 and 2 (secret). */
  readonly vpnTunnelPresharedKeys: pulumi.Output<string[]>;
  /** Everything the on-prem end of both tunnels needs (secret: contains the PSKs). */
  readonly vpnTunnels: pulumi.Output<TunnelValues>;

  constructor(name: string, args: HybridNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:network:HybridNetwork", name, {}, opts);
    const plan = args.plan;

    const vpc = plan.vpc.mode === "create" ? createVpc(name, plan.vpc, this) : adoptVpc(name, plan.vpc, this);
    const tgw = transitGateway(name, plan.vpn.transitGateway, vpc, this, plan.protect);
    const vpn = siteToSiteVpn(name, plan, tgw, args.tunnelPresharedKeys ?? [], this);
    remoteRoutes(name, plan, vpc, tgw.transitGatewayId, tgw.vpcAttachment, this);
    const sg = clusterSecurityGroup(name, plan, vpc.vpcId, this);

    const c = vpn.connection;
    this.vpcId = vpc.vpcId;
    this.privateSubnetIds = pulumi.all(vpc.privateSubnetIds);
    this.publicSubnetIds = pulumi.all(vpc.publicSubnetIds);
    this.clusterSecurityGroupId = sg.id;
    this.remoteRouteTableIds = pulumi.all([...vpc.privateRouteTables, ...vpc.publicRouteTables].map((rt) => rt.id));
    this.transitGatewayId = tgw.transitGatewayId;
    this.vpnConnectionId = c.id;
    this.vpnTunnelOutsideIps = pulumi.all([c.tunnel1Address, c.tunnel2Address]);
    this.vpnTunnelPresharedKeys = pulumi.secret(pulumi.all([c.tunnel1PresharedKey, c.tunnel2PresharedKey]));
    this.vpnTunnels = pulumi.secret(
      pulumi
        .all([
          c.tunnel1Address,
          c.tunnel1CgwInsideAddress,
          c.tunnel1VgwInsideAddress,
          c.tunnel1PresharedKey,
          c.tunnel1BgpAsn,
          c.tunnel2Address,
          c.tunnel2CgwInsideAddress,
          c.tunnel2VgwInsideAddress,
          c.tunnel2PresharedKey,
          c.tunnel2BgpAsn,
        ])
        .apply(([o1, c1, v1, k1, a1, o2, c2, v2, k2, a2]): TunnelValues => ({
          tunnels: [
            { outsideIp: o1, cgwInsideIp: c1, vgwInsideIp: v1, presharedKey: k1, awsAsn: a1 },
            { outsideIp: o2, cgwInsideIp: c2, vgwInsideIp: v2, presharedKey: k2, awsAsn: a2 },
          ],
        })),
    );

    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      remoteRouteTableIds: this.remoteRouteTableIds,
      transitGatewayId: this.transitGatewayId,
      vpnConnectionId: this.vpnConnectionId,
      vpnTunnelOutsideIps: this.vpnTunnelOutsideIps,
      vpnTunnelPresharedKeys: this.vpnTunnelPresharedKeys,
      vpnTunnels: this.vpnTunnels,
    });
  }
}
