import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { renderFirewall, firewallFlows } from "../components/render/firewall";
import { maskedNodeCredentials, renderNodeadm, renderNodeadmFiles } from "../components/render/nodeadm";
import { placeholderTunnelValues, tunnelInsideIps, vyosIpsecCommands } from "../components/render/onprem/vyos-ipsec";
import { renderArtifacts } from "../components/render/artifacts";
import { planFor } from "./helpers/plan-for";

const devOnPrem = {
  nodeCidrs: ["192.168.200.0/24"],
  podCidrs: ["192.168.32.0/23"],
  customerGatewayIp: "203.0.113.10",
  customerGatewayAsn: 65000,
};

describe("VyOS IPsec for the article's lab (dev: static routing)", () => {
  const plan = planFor("dev");
  const cmds = vyosIpsecCommands(plan, placeholderTunnelValues(plan));

  it("defines one IKE and one ESP group with the proposal AWS is configured with", () => {
    for (const c of [
      "set vpn ipsec ike-group AWS key-exchange 'ikev2'",
      "set vpn ipsec ike-group AWS proposal 1 dh-group '14'",
      "set vpn ipsec ike-group AWS proposal 1 encryption 'aes256'",
      "set vpn ipsec ike-group AWS proposal 1 hash 'sha256'",
      "set vpn ipsec esp-group AWS pfs 'dh-group14'",
      "set vpn ipsec esp-group AWS lifetime '3600'",
    ])
      assert.ok(cmds.includes(c), c);
  });

  it("has a peer and a VTI per tunnel, AWS-known values as placeholders", () => {
    for (const n of [1, 2]) {
      const peer = `set vpn ipsec site-to-site peer AWS-TUNNEL${n}`;
      assert.ok(cmds.includes(`${peer} remote-address '<vpn.tunnel${n}.outsideIp>'`));
      assert.ok(cmds.includes(`${peer} authentication local-id '203.0.113.10'`));
      assert.ok(cmds.includes(`${peer} vti bind 'vti${n}'`));
      assert.ok(cmds.includes(`set interfaces vti vti${n} address '<vpn.tunnel${n}.cgwInsideIp>/30'`));
      assert.ok(cmds.includes(`set vpn ipsec authentication psk AWS-TUNNEL${n} secret '<vpn.tunnel${n}.presharedKey>'`));
    }
  });

  it("routes the VPC over the tunnels statically and runs no BGP with AWS", () => {
    assert.ok(cmds.includes("set protocols static route 10.250.0.0/16 interface vti1"));
    assert.ok(cmds.includes("set protocols static route 10.250.0.0/16 interface vti2 distance '10'"));
    assert.equal(cmds.filter((c) => c.includes("protocols bgp")).length, 0);
  });

  it("every line is a VyOS set command", () => {
    for (const c of cmds) assert.match(c, /^set (vpn|interfaces|protocols|policy) /);
  });
});

describe("VyOS IPsec with BGP over the tunnels (prod)", () => {
  const plan = planFor("prod", { onPrem: { ...devOnPrem, vpnRouting: "bgp", tunnelInsideCidrs: ["169.254.10.0/30", "169.254.11.0/30"] } });
  const cmds = vyosIpsecCommands(plan, placeholderTunnelValues(plan));

  it("uses the configured inside CIDRs: AWS the first host, the router the second", () => {
    assert.deepEqual(tunnelInsideIps("169.254.10.0/30"), { vgw: "169.254.10.1", cgw: "169.254.10.2" });
    assert.ok(cmds.includes("set interfaces vti vti1 address '169.254.10.2/30'"));
    assert.ok(cmds.includes("set interfaces vti vti2 address '169.254.11.2/30'"));
  });

  it("peers with both AWS inside IPs as the TGW ASN, speaking as the customer gateway AS", () => {
    for (const ip of ["169.254.10.1", "169.254.11.1"]) {
      assert.ok(cmds.includes(`set protocols bgp neighbor ${ip} remote-as '64512'`));
      assert.ok(cmds.includes(`set protocols bgp neighbor ${ip} local-as '65000' no-prepend replace-as`));
      assert.ok(cmds.includes(`set protocols bgp neighbor ${ip} address-family ipv4-unicast route-map export 'AWS-OUT'`));
    }
    assert.ok(cmds.includes("set protocols bgp system-as '65432'"));
  });

  it("announces exactly the remote node and pod CIDRs", () => {
    const announced = cmds.filter((c) => c.includes("address-family ipv4-unicast network")).map((c) => c.match(/'(.+)'/)![1]);
    assert.deepEqual(announced, ["192.168.200.0/24", "192.168.32.0/23"]);
    const prefixes = cmds
      .filter((c) => c.startsWith("set policy prefix-list AWS-OUT") && c.includes(" prefix "))
      .map((c) => c.match(/'(.+)'/)![1]);
    assert.deepEqual(prefixes, ["192.168.200.0/24", "192.168.32.0/23"]);
    assert.ok(cmds.includes("set protocols static route 192.168.32.0/23 blackhole distance '254'"));
    assert.equal(cmds.filter((c) => c.includes("interface vti1") && c.includes("protocols static")).length, 0);
  });

  it("no local-as when the customer gateway and the router share an AS", () => {
    const same = planFor("prod", { onPrem: { ...devOnPrem, customerGatewayAsn: 65432, vpnRouting: "bgp" } });
    assert.equal(vyosIpsecCommands(same, placeholderTunnelValues(same)).filter((c) => c.includes("local-as")).length, 0);
  });

  it("an adopted TGW's ASN is a placeholder", () => {
    const p = planFor("prod", { onPrem: { ...devOnPrem, vpnRouting: "bgp", existingTransitGatewayId: "tgw-0abc" } });
    assert.ok(vyosIpsecCommands(p, placeholderTunnelValues(p)).some((c) => c.endsWith("remote-as '<vpn.tunnel1.bgpAsn>'")));
  });
});

describe("firewall.md", () => {
  const row = (md: string, port: string, proto: string) =>
    md.split("\n").filter((l) => l.split("|").map((c) => c.trim())[3] === proto && l.split("|").map((c) => c.trim())[4] === port);

  it("dev (Calico static, MetalLB L2) lists every flow with source, destination, protocol, port and why", () => {
    const md = renderFirewall(planFor("dev"));
    assert.match(md, /^\| Source \| Destination \| Protocol \| Port \| Why \| Flow \|$/m);
    // dev's endpoint is public: nodes reach its public IPs, not the VPC (flows.test.ts covers private).
    assert.match(row(md, "443", "TCP")[0], /^\| 192\.168\.200\.0\/24 \| <eks\.endpoint> \(EKS cluster endpoint, public IPs\) \|/);
    assert.match(row(md, "10250", "TCP")[0], /^\| 10\.250\.0\.0\/16 \| 192\.168\.200\.0\/24 \|/);
    assert.equal(row(md, "9443", "TCP").length, 1);
    assert.match(row(md, "9443", "TCP")[0], /\| 192\.168\.32\.0\/23 \|/);
    assert.equal(row(md, "4789", "UDP").length, 1);
    assert.equal(row(md, "8472", "UDP").length, 0);
    assert.equal(row(md, "500", "UDP").length, 1);
    assert.equal(row(md, "4500", "UDP").length, 1);
    assert.equal(row(md, "-", "ESP (IP 50)").length, 1);
    assert.ok(row(md, "53", "UDP and TCP").length >= 1);
    assert.equal(row(md, "179", "TCP").length, 0, "no BGP in the static lab");
  });

  it("prod (Cilium BGP, BGP VPN) adds VXLAN 8472, health 4240 and BGP 179", () => {
    const plan = planFor("prod", { onPrem: { ...devOnPrem, vpnRouting: "bgp" } });
    const md = renderFirewall(plan);
    assert.equal(row(md, "8472", "UDP").length, 1);
    assert.equal(row(md, "4240", "TCP").length, 1);
    assert.equal(row(md, "4789", "UDP").length, 0);
    const bgp = row(md, "179", "TCP");
    assert.equal(bgp.length, 2);
    assert.ok(bgp.some((l) => l.includes("| 192.168.200.254 |")));
    assert.ok(bgp.some((l) => l.includes("<vpn.tunnel1.vgwInsideIp>")));
  });

  it("webhook ports follow cluster.webhookPorts, plus the Calico API server's 5443 with Calico", () => {
    const p = planFor("dev", { cluster: { name: "hybrid-dev", serviceCidr: "172.16.0.0/16", webhookPorts: [8443, 9443] } });
    const hooks = firewallFlows(p).filter((f) => f.why.includes("webhook"));
    assert.deepEqual(
      hooks.map((f) => f.port),
      ["8443", "9443"],
    );
    const api = firewallFlows(p).filter((f) => f.why.includes("Calico API server (aggregated API)"));
    assert.deepEqual(
      api.map((f) => [f.source, f.destination, f.port]),
      [["10.250.0.0/16", "192.168.32.0/23", "5443"]],
    );
    const cilium = planFor("prod", { onPrem: devOnPrem });
    assert.ok(!cilium.cluster.webhookPorts.includes(5443), "no Calico API server with Cilium");
  });

  it("with the AWS Load Balancer Controller, the VPC reaches pod IPs on Service target ports", () => {
    const rows = (p: ReturnType<typeof planFor>) => firewallFlows(p).filter((f) => f.port === "Service target ports");
    assert.deepEqual(
      rows(planFor("prod", { onPrem: devOnPrem })).map((f) => [f.source, f.destination, f.protocol, f.why]),
      [["10.250.0.0/16", "192.168.32.0/23", "TCP", "ALB/NLB traffic and health checks to pod IPs (target-type: ip)"]],
    );
    assert.deepEqual(rows(planFor("dev")), [], "dev has no AWS Load Balancer Controller");
  });
});

describe("nodeadm NodeConfig", () => {
  const plan = planFor("dev");

  it("carries cluster, region, masked SSM credentials and the node IP and labels", () => {
    const doc = parse(renderNodeadm(plan, plan.nodes[1], maskedNodeCredentials(plan)));
    assert.equal(doc.apiVersion, "node.eks.aws/v1alpha1");
    assert.equal(doc.kind, "NodeConfig");
    assert.deepEqual(doc.spec.cluster, { name: "hybrid-dev", region: "us-west-2" });
    assert.deepEqual(doc.spec.hybrid, { ssm: { activationCode: "[secret]", activationId: "<ssm.activationId>" } });
    assert.deepEqual(doc.spec.kubelet.flags, ["--node-ip=192.168.200.12", "--node-labels=zone=node-02"]);
  });

  it("joins user labels with the pool selector label, sorted", () => {
    const p = planFor("dev", {
      nodes: [{ name: "node-01", ip: "192.168.200.11", labels: { rack: "r1", "topology.kubernetes.io/zone": "lab" } }],
    });
    const doc = parse(renderNodeadm(p, p.nodes[0], maskedNodeCredentials(p)));
    assert.ok(doc.spec.kubelet.flags.includes("--node-labels=rack=r1,topology.kubernetes.io/zone=lab,zone=node-01"));
  });

  it("IAM Roles Anywhere: node name as session name, ARNs, certificate paths", () => {
    const p = planFor("dev", {
      cluster: {
        name: "hybrid-dev",
        serviceCidr: "172.16.0.0/16",
        nodeCredentials: "iam-roles-anywhere",
        rolesAnywhereCaBundle: "-----BEGIN CERTIFICATE-----",
      },
    });
    const doc = parse(renderNodeadm(p, p.nodes[0], maskedNodeCredentials(p)));
    assert.deepEqual(doc.spec.hybrid.iamRolesAnywhere, {
      nodeName: "node-01",
      trustAnchorArn: "<rolesAnywhere.trustAnchorArn>",
      profileArn: "<rolesAnywhere.profileArn>",
      roleArn: "<iam.hybridNodesRoleArn>",
      certificatePath: "/etc/iam/pki/server.pem",
      privateKeyPath: "/etc/iam/pki/server.key",
    });
  });

  it("one file per node in the artifacts, next to firewall.md", () => {
    assert.deepEqual(Object.keys(renderNodeadmFiles(plan, maskedNodeCredentials(plan))), ["nodeadm/node-01.yaml", "nodeadm/node-02.yaml"]);
    assert.deepEqual(Object.keys(renderArtifacts(plan)).sort(), [
      "firewall.json",
      "firewall.md",
      "nodeadm/node-01.yaml",
      "nodeadm/node-02.yaml",
      "router/frr.conf",
      "router/vyos.conf",
    ]);
  });
});
