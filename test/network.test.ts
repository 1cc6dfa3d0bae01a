import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ns, ofType, resource, runStack } from "./helpers/run-stack";
import { formatViolations, runPolicies } from "../policy/harness";

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const VPN = "aws:ec2/vpnConnection:VpnConnection";
const onPrem = { nodeCidrs: ["192.168.200.0/24"], podCidrs: ["192.168.32.0/23"], customerGatewayIp: "203.0.113.10" };
const value = <T>(o: unknown) => new Promise<T>((r) => (o as pulumi.Output<T>).apply((v) => r(v)));

describe("HybridNetwork under mocks", () => {
  it("dev: a VPC with DNS on, subnets carved by the plan in 2 AZs and tagged for load balancers", async () => {
    const run = await runStack("dev");
    assert.deepEqual(resource(run, "aws:ec2/vpc:Vpc", "hybrid-dev-vpc").inputs, {
      cidrBlock: "10.250.0.0/16",
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: "hybrid-dev-vpc" },
    });
    const subnets = Object.fromEntries(ofType(run, SUBNET).map((s) => [s.name, s.inputs]));
    assert.deepEqual(Object.keys(subnets).sort(), [
      "hybrid-dev-private-us-west-2a",
      "hybrid-dev-private-us-west-2b",
      "hybrid-dev-public-us-west-2a",
      "hybrid-dev-public-us-west-2b",
    ]);
    assert.equal(subnets["hybrid-dev-private-us-west-2a"].cidrBlock, "10.250.0.0/19");
    assert.equal(subnets["hybrid-dev-private-us-west-2b"].cidrBlock, "10.250.32.0/19");
    assert.equal(subnets["hybrid-dev-public-us-west-2a"].cidrBlock, "10.250.128.0/21");
    assert.equal(subnets["hybrid-dev-public-us-west-2b"].cidrBlock, "10.250.136.0/21");
    for (const [n, s] of Object.entries(subnets)) {
      const tags = s.tags as Record<string, string>;
      if (n.includes("-public-")) assert.deepEqual(tags, { Name: n, "kubernetes.io/role/elb": "1" });
      else assert.deepEqual(tags, { Name: n, "kubernetes.io/role/internal-elb": "1" });
    }
    assert.equal(ofType(run, "aws:ec2/natGateway:NatGateway").length, 1, "natGateways: single");
    assert.equal(ofType(run, "aws:ec2/internetGateway:InternetGateway").length, 1);
  });

  it("dev: one route per remote CIDR per private route table, to the TGW, none from the public table", async () => {
    const run = await runStack("dev");
    const remote = ofType(run, ROUTE).filter((r) => r.inputs.transitGatewayId);
    assert.equal(remote.length, 2 * 2);
    const pairs = remote.map((r) => `${r.inputs.routeTableId} ${r.inputs.destinationCidrBlock}`).sort();
    assert.deepEqual(pairs, [
      "hybrid-dev-private-us-west-2a-id 192.168.200.0/24",
      "hybrid-dev-private-us-west-2a-id 192.168.32.0/23",
      "hybrid-dev-private-us-west-2b-id 192.168.200.0/24",
      "hybrid-dev-private-us-west-2b-id 192.168.32.0/23",
    ]);
    for (const r of remote) assert.equal(r.inputs.transitGatewayId, "hybrid-dev-tgw-id");
  });

  it("adjacent pod CIDRs: one merged route, TGW route and SG rule per block, and the policy pack still sees every remote CIDR routed", async () => {
    // 192.168.32.0/23 + 192.168.34.0/23 are exactly 192.168.32.0/22 (AWS counts routes and rules
    // against quotas: components/plan/cidr-aggregate.ts).
    const pods = ["192.168.32.0/23", "192.168.34.0/23"];
    const run = await runStack("dev", {
      [ns("onPrem")]: { ...onPrem, podCidrs: pods },
      [ns("nodes")]: [{ name: "node-01", ip: "192.168.200.11" }],
    });
    const vpcRoutes = ofType(run, ROUTE).filter((r) => r.inputs.transitGatewayId);
    assert.deepEqual([...new Set(vpcRoutes.map((r) => r.inputs.destinationCidrBlock))], ["192.168.200.0/24", "192.168.32.0/22"]);
    assert.deepEqual(
      ofType(run, TGW_ROUTE).map((r) => r.inputs.destinationCidrBlock),
      ["192.168.200.0/24", "192.168.32.0/22"],
    );
    const sgCidrs = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs.cidrIpv4);
    assert.ok(sgCidrs.includes("192.168.32.0/22") && !sgCidrs.includes("192.168.34.0/23"), sgCidrs.join(" "));
    const cluster = ofType(run, "aws:eks/cluster:Cluster")[0].inputs as any;
    assert.deepEqual(cluster.remoteNetworkConfig.remotePodNetworks.cidrs, pods, "EKS gets the CIDRs as configured");
    const report = await runPolicies(run.registrations, { stack: "dev" });
    assert.deepEqual(formatViolations(report), []);
  });

  it("routeRemoteFromPublic adds the public route table", async () => {
    const run = await runStack("dev", { [ns("vpc")]: { cidr: "10.250.0.0/16", routeRemoteFromPublic: true } });
    const remote = ofType(run, ROUTE).filter((r) => r.inputs.transitGatewayId);
    assert.equal(remote.length, 3 * 2);
    assert.equal(remote.filter((r) => r.inputs.routeTableId === "hybrid-dev-public-id").length, 2);
  });

  it("prod: 3 AZs, a NAT per AZ, 3 private route tables and (AWS LB controller) the public one × 2 remote CIDRs", async () => {
    const run = await runStack("prod");
    assert.equal(ofType(run, SUBNET).length, 6);
    assert.equal(ofType(run, "aws:ec2/natGateway:NatGateway").length, 3);
    const remote = ofType(run, ROUTE).filter((r) => r.inputs.transitGatewayId);
    assert.equal(remote.length, (3 + 1) * 2);
    // Internet-facing ALB/NLB nodes in the public subnets send to pod IPs (target-type: ip).
    assert.deepEqual(
      remote
        .filter((r) => r.inputs.routeTableId === "hybrid-prod-public-id")
        .map((r) => r.inputs.destinationCidrBlock)
        .sort(),
      ["192.168.200.0/24", "192.168.32.0/23"],
    );
  });

  it("dev: a TGW with its own route table, static VPN and one TGW route per remote CIDR to the VPN", async () => {
    const run = await runStack("dev");
    assert.deepEqual(
      (({ amazonSideAsn, defaultRouteTableAssociation, defaultRouteTablePropagation }) => ({
        amazonSideAsn,
        defaultRouteTableAssociation,
        defaultRouteTablePropagation,
      }))(resource(run, TGW, "hybrid-dev-tgw").inputs),
      { amazonSideAsn: 64512, defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" },
    );
    const att = resource(run, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "hybrid-dev-vpc").inputs;
    assert.deepEqual(att.subnetIds, ["hybrid-dev-private-us-west-2a-id", "hybrid-dev-private-us-west-2b-id"]);
    const cgw = resource(run, "aws:ec2/customerGateway:CustomerGateway", "hybrid-dev-cgw").inputs;
    assert.deepEqual([cgw.ipAddress, cgw.bgpAsn, cgw.type], ["203.0.113.10", "65000", "ipsec.1"]);
    const vpn = resource(run, VPN, "hybrid-dev-vpn").inputs;
    assert.equal(vpn.staticRoutesOnly, true);
    assert.equal(vpn.transitGatewayId, "hybrid-dev-tgw-id");
    assert.equal(vpn.tunnel1PresharedKey, undefined, "AWS generates the keys when none is configured");
    const routes = ofType(run, TGW_ROUTE).map((r) => r.inputs);
    assert.deepEqual(routes.map((r) => r.destinationCidrBlock).sort(), ["192.168.200.0/24", "192.168.32.0/23"]);
    for (const r of routes) {
      assert.equal(r.transitGatewayAttachmentId, "tgw-attach-hybrid-dev-vpn");
      assert.equal(r.transitGatewayRouteTableId, "hybrid-dev-tgw-id");
    }
    const props = ofType(run, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation").map((r) => r.name);
    assert.deepEqual(props, ["hybrid-dev-vpc"], "static: only the VPC attachment propagates");
  });

  it("prod: BGP VPN with no TGW static routes, the VPN attachment propagated", async () => {
    const run = await runStack("prod");
    assert.equal(resource(run, VPN, "hybrid-prod-vpn").inputs.staticRoutesOnly, false);
    assert.equal(ofType(run, TGW_ROUTE).length, 0);
    const vpnProp = resource(run, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation", "hybrid-prod-vpn").inputs;
    assert.deepEqual(vpnProp, {
      transitGatewayAttachmentId: "tgw-attach-hybrid-prod-vpn",
      transitGatewayRouteTableId: "hybrid-prod-tgw-id",
    });
  });

  it("the cluster security group: exactly the hybrid rules, none open to the world", async () => {
    const run = await runStack("dev");
    const rules: Record<string, any>[] = [
      ...ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => ({ dir: "in", ...r.inputs })),
      ...ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => ({ dir: "out", ...r.inputs })),
    ];
    for (const r of rules) {
      assert.equal(r.securityGroupId, "hybrid-dev-hybrid-id");
      assert.equal(r.ipProtocol, "tcp");
      assert.equal(r.fromPort, r.toPort);
      assert.notEqual(r.cidrIpv4, "0.0.0.0/0");
    }
    assert.deepEqual(rules.map((r) => `${r.dir} ${r.fromPort} ${r.cidrIpv4}`).sort(), [
      "in 443 192.168.200.0/24",
      "in 443 192.168.32.0/23",
      "out 10250 192.168.200.0/24",
      "out 443 10.250.0.0/16",
      "out 443 192.168.32.0/23",
      // 5443: the Calico API server (dev runs Calico), added by the plan to the configured ports.
      "out 5443 192.168.32.0/23",
      "out 9443 192.168.32.0/23",
    ]);
    const sg = resource(run, "aws:ec2/securityGroup:SecurityGroup", "hybrid-dev-hybrid").inputs;
    assert.equal(sg.ingress, undefined);
    assert.equal(sg.egress, undefined);
  });

  it("configured PSKs and inside CIDRs reach the VPN connection, and every PSK output is secret", async () => {
    const run = await runStack("dev", {
      [ns("vpnTunnel1PresharedKey")]: "psk_one_0123456789",
      [ns("onPrem")]: { ...onPrem, tunnelInsideCidrs: ["169.254.10.0/30", "169.254.11.0/30"] },
    });
    const vpn = resource(run, VPN, "hybrid-dev-vpn").inputs;
    assert.equal(vpn.tunnel1PresharedKey, "[secret]");
    assert.equal(vpn.tunnel2PresharedKey, undefined);
    assert.deepEqual([vpn.tunnel1InsideCidr, vpn.tunnel2InsideCidr], ["169.254.10.0/30", "169.254.11.0/30"]);
    assert.deepEqual(
      [vpn.tunnel1IkeVersions, vpn.tunnel1Phase1EncryptionAlgorithms, vpn.tunnel2Phase2DhGroupNumbers],
      [["ikev2"], ["AES256"], [14]],
    );
    const raw = run.rawOutputs;
    assert.equal(await pulumi.isSecret(raw.vpnTunnelPresharedKeys as pulumi.Output<unknown>), true);
    assert.equal(await pulumi.isSecret(raw.routerVyosConfig as pulumi.Output<unknown>), true);
    assert.equal(run.outputs.vpnTunnelPresharedKeys, "[secret]");
    assert.deepEqual(run.outputs.vpnTunnelOutsideIps, ["<hybrid-dev-vpn.tunnel1.outsideIp>", "<hybrid-dev-vpn.tunnel2.outsideIp>"]);
    const vyos = await value<string>(raw.routerVyosConfig);
    assert.match(vyos, /authentication psk AWS-TUNNEL1 secret 'psk_one_0123456789'/);
    assert.match(vyos, /peer AWS-TUNNEL2 remote-address '<hybrid-dev-vpn.tunnel2.outsideIp>'/);
  });

  it("adopting a VPC and a TGW registers neither, routes in the given tables, attaches to the given subnets", async () => {
    const run = await runStack("dev", {
      [ns("vpc")]: {
        existingVpcId: "vpc-0abc",
        existingCidrs: ["10.250.0.0/16"],
        existingPrivateSubnetIds: ["subnet-0a1", "subnet-0a2"],
        existingPublicSubnetIds: ["subnet-0b1", "subnet-0b2"],
        existingPrivateRouteTableIds: ["rtb-0c1"],
      },
      [ns("onPrem")]: { ...onPrem, existingTransitGatewayId: "tgw-0def", existingTransitGatewayRouteTableId: "tgw-rtb-0123" },
    });
    for (const t of ["aws:ec2/vpc:Vpc", SUBNET, TGW, "aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway"]) {
      assert.equal(ofType(run, t).length, 0, `no ${t}`);
    }
    const att = resource(run, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "hybrid-dev-vpc").inputs;
    assert.deepEqual([att.vpcId, att.transitGatewayId, att.subnetIds], ["vpc-0abc", "tgw-0def", ["subnet-0a1", "subnet-0a2"]]);
    const remote = ofType(run, ROUTE)
      .map((r) => `${r.inputs.routeTableId} ${r.inputs.destinationCidrBlock} ${r.inputs.transitGatewayId}`)
      .sort();
    assert.deepEqual(remote, ["rtb-0c1 192.168.200.0/24 tgw-0def", "rtb-0c1 192.168.32.0/23 tgw-0def"]);
    for (const r of ofType(run, TGW_ROUTE)) assert.equal(r.inputs.transitGatewayRouteTableId, "tgw-rtb-0123");
    // Untagged adopted subnets get the LB role tags.
    const tags = ofType(run, "aws:ec2/tag:Tag")
      .map((t) => `${t.inputs.resourceId} ${t.inputs.key}`)
      .sort();
    assert.deepEqual(tags, [
      "subnet-0a1 kubernetes.io/role/internal-elb",
      "subnet-0a2 kubernetes.io/role/internal-elb",
      "subnet-0b1 kubernetes.io/role/elb",
      "subnet-0b2 kubernetes.io/role/elb",
    ]);
  });

  it("an adopted TGW without a route table uses its defaults: no explicit associations", async () => {
    const run = await runStack("dev", { [ns("onPrem")]: { ...onPrem, existingTransitGatewayId: "tgw-0def" } });
    assert.equal(ofType(run, TGW).length, 0);
    assert.equal(ofType(run, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation").length, 0);
    for (const r of ofType(run, TGW_ROUTE)) assert.equal(r.inputs.transitGatewayRouteTableId, "<tgw-0def.associationDefaultRouteTableId>");
  });
});

describe("protect from config", () => {
  for (const [stack, expected] of [
    ["dev", false],
    ["prod", true],
  ] as const) {
    it(`${stack}: the cluster, TGW and VPN connection are ${expected ? "" : "not "}protected`, async () => {
      const run = await runStack(stack);
      for (const [t, n] of [
        ["aws:eks/cluster:Cluster", "cluster"],
        [TGW, "tgw"],
        [VPN, "vpn"],
      ]) {
        assert.equal(resource(run, t, `hybrid-${stack}-${n}`).protect === true, expected, `${t} protect`);
      }
      assert.ok(!resource(run, "aws:ec2/vpc:Vpc", `hybrid-${stack}-vpc`).protect);
    });
  }
});
