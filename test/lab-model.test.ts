/**
 * The network lab's model of its inputs, without root: the hosts and BGP speakers it builds from
 * the rendered objects, the LoadBalancer targets, and the twin's AWS half read from
 * resources.json (routes, security groups, the values AWS decides in frr.conf, the faults).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { awsModel, Registration } from "../lab/aws-model";
import { FAULTS } from "../lab/faults";
import { firewallRuleset } from "../lab/twin-firewall";
import { sgRuleset } from "../lab/twin-hosts";
import { buildTwin, fillAwsValues } from "../lab/twin-topology";
import { gobgpToml } from "../lab/gobgp-config";
import { loadLabInputs } from "../lab/inputs";
import { buildTopology } from "../lab/topology";
import { LabInputs } from "../lab/types";
import { lbTargets } from "../lab/lb-targets";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import * as fault from "./helpers/lab-faults";
import { runStack } from "./helpers/run-stack";
import { bgpInputs, faultStack, metallbBgpInputs, staticInputs } from "./helpers/lab-inputs";

describe("network lab: inputs → hosts (no root needed)", () => {
  it("gives each BGP node a GoBGP speaker from the Cilium v2 resources", () => {
    const t = buildTopology(bgpInputs(), "x_1");
    assert.deepEqual(
      t.nodes.map((n) => n.speaker?.announce),
      [["192.168.32.0/26"], ["192.168.32.64/26"]],
    );
    const toml = gobgpToml(t.nodes[0].speaker!);
    for (const line of [
      "as = 65432",
      'neighbor-address = "192.168.200.254"',
      "peer-as = 65432",
      "hold-time = 30",
      "keepalive-interval = 10",
      "restart-time = 120",
    ]) {
      assert.ok(toml.includes(line), `gobgpd config has ${line}:\n${toml}`);
    }
  });

  it("announces nothing when no advertisement selects PodCIDR", () => {
    const i = bgpInputs();
    const t = buildTopology({ ...i, manifests: i.manifests.filter((o) => o.kind !== "CiliumBGPAdvertisement") }, "x_1");
    assert.deepEqual(t.nodes[0].speaker?.announce, []);
  });

  it("reads a Calico BGP speaker from BGPConfiguration and BGPPeer", () => {
    const i = bgpInputs();
    const calico = [
      {
        apiVersion: "projectcalico.org/v3",
        kind: "BGPConfiguration",
        metadata: { name: "default" },
        spec: { asNumber: 65432, nodeToNodeMeshEnabled: false },
      },
      {
        apiVersion: "projectcalico.org/v3",
        kind: "BGPPeer",
        metadata: { name: "router" },
        spec: { peerIP: "192.168.200.254", asNumber: 65432, nodeSelector: "has(zone)", maxRestartTime: "60s" },
      },
    ];
    const t = buildTopology({ ...i, manifests: calico }, "x_1");
    assert.deepEqual(
      t.nodes.map((n) => [n.speaker?.localAsn, n.speaker?.peers[0].address, n.speaker?.peers[0].gracefulRestart]),
      [
        [65432, "192.168.200.254", 60],
        [65432, "192.168.200.254", 60],
      ],
    );
  });

  it("takes static-mode pod blocks from the Calico pools and keeps the client off every reserved address", () => {
    const t = buildTopology(fault.calicoPoolOn(staticInputs(), "192.168.32.0/26", "node-02"), "x_1");
    assert.deepEqual(
      t.nodes.map((n) => n.heldBlocks),
      [[], ["192.168.32.0/26", "192.168.32.64/26"]],
    );
    assert.equal(t.client.ip, "192.168.200.253");
    assert.equal(t.outsideAddress, "192.168.32.129");
    assert.deepEqual(t.lb, { address: "192.168.200.201", pool: "first-pool", node: "node-01" });
  });
});

describe("network lab: LoadBalancer targets (no root needed)", () => {
  // MetalLB: an L2Advertisement/BGPAdvertisement without ipAddressPools(Selectors) applies to every
  // pool; nodeSelectors limit the nodes that announce (https://metallb.io/configuration/_advanced_l2_configuration/,
  // https://metallb.io/configuration/_advanced_bgp_configuration/).
  const views = [
    { name: "node-01", labels: { zone: "a" } },
    { name: "node-02", labels: { zone: "b" } },
  ];
  it("MetalLB L2: an advertisement without pools selects every pool; one node, among those its nodeSelectors match, takes the address", () => {
    const i = staticInputs();
    const adv = i.manifests.find((o) => o.kind === "L2Advertisement")!;
    const noPools = { ...adv, spec: { nodeSelectors: [{ matchLabels: { zone: "b" } }] } };
    const t = lbTargets({ ...i, manifests: [...i.manifests.filter((o) => o !== adv), noPools] }, views, () => false);
    assert.deepEqual(
      t.map((x) => [x.kind, x.address, x.holders]),
      [["metallb-l2", "192.168.200.201", ["node-02"]]],
    );
    const none = lbTargets({ ...i, manifests: i.manifests.filter((o) => o !== adv) }, views, () => false);
    assert.deepEqual(none[0].holders, []);
    assert.match(none[0].problem!, /no L2Advertisement selects IPAddressPool first-pool/);
  });

  it("MetalLB BGP: every node with a BGPPeer announces; MetalLB's speaker comes from the BGPPeer", () => {
    const i = metallbBgpInputs("x");
    const t = buildTopology(i, "x_1");
    assert.deepEqual(
      t.lbTargets.map((x) => [x.kind, x.address, x.holders]),
      [["metallb-bgp", "192.168.200.201", ["node-01", "node-02"]]],
    );
    assert.deepEqual(
      t.nodes.map((n) => [n.speaker?.source, n.speaker?.peers[0].address, n.speaker?.announce]),
      [
        ["MetalLB BGPPeer onprem-router", "192.168.200.254", ["192.168.200.201/32"]],
        ["MetalLB BGPPeer onprem-router", "192.168.200.254", ["192.168.200.201/32"]],
      ],
    );
  });
});

describe("network twin: resources.json → AWS half (no root needed)", function () {
  this.timeout(60000);
  let dev: LabInputs;
  let prod: LabInputs;
  let ciliumlb: LabInputs;
  let gateway: LabInputs;
  before(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "twin-model-"));
    try {
      for (const stack of ["dev", "prod", "ciliumlb", "gateway"]) writeOut(await runStack(stack), path.join(root, stack));
      dev = loadLabInputs(PROJECT_DIR, "dev", path.join(root, "dev"));
      prod = loadLabInputs(PROJECT_DIR, "prod", path.join(root, "prod"));
      ciliumlb = loadLabInputs(PROJECT_DIR, "ciliumlb", path.join(root, "ciliumlb"));
      gateway = loadLabInputs(PROJECT_DIR, "gateway", path.join(root, "gateway"));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("reads the control-plane subnet, its route table and the security group rules from resources.json", () => {
    const m = awsModel(dev.resources!);
    const cp = m.subnets.find((s) => s.id === m.cluster.subnetIds[0])!;
    assert.ok(cp.association, "the cluster subnet has an explicit association");
    // EKS hybrid nodes networking: the VPC route tables route the remote node and pod networks to the gateway (TGW).
    // https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html
    for (const c of [...m.cluster.remoteNodeCidrs, ...m.cluster.remotePodCidrs])
      assert.ok(
        cp.routeTable.routes.some((r) => r.destination === c && r.target === "tgw"),
        `route ${c} → TGW in ${cp.routeTable.name}`,
      );
    // Control plane → kubelet TCP 10250 (same page): an egress rule to the node network.
    assert.ok(
      m.sgRules.some(
        (r) => r.direction === "egress" && r.fromPort <= 10250 && r.toPort >= 10250 && r.cidr === m.cluster.remoteNodeCidrs[0],
      ),
    );
    assert.deepEqual([m.vpn.staticRoutesOnly, awsModel(prod.resources!).vpn.staticRoutesOnly], [true, false]);
  });

  it("a route to a managed prefix list routes each of its entries (destinationPrefixListId)", () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html: a prefix list as a route's destination
    const m0 = awsModel(dev.resources!);
    const rtId = m0.subnets.find((s) => s.id === m0.cluster.subnetIds[0])!.routeTable.id;
    const remote = [...m0.cluster.remoteNodeCidrs, ...m0.cluster.remotePodCidrs];
    const isRemote = (r: Registration) =>
      r.type === "aws:ec2/route:Route" && r.inputs.routeTableId === rtId && remote.includes(r.inputs.destinationCidrBlock);
    const tgw = dev.resources!.find(isRemote)!.inputs.transitGatewayId;
    const list = {
      type: "aws:ec2/managedPrefixList:ManagedPrefixList",
      name: "remote",
      inputs: { entries: remote.map((cidr) => ({ cidr })) },
    };
    const route = {
      type: "aws:ec2/route:Route",
      name: "to-remote",
      inputs: { routeTableId: rtId, destinationPrefixListId: "remote-id", transitGatewayId: tgw },
    };
    const m = awsModel([...dev.resources!.filter((r) => !isRemote(r)), list, route]);
    const routes = m.subnets.find((s) => s.id === m0.cluster.subnetIds[0])!.routeTable.routes.filter((r) => r.resource === "to-remote");
    assert.deepEqual(
      routes.map((r) => [r.destination, r.target]),
      remote.map((c) => [c, "tgw"]),
    );
    assert.throws(() => awsModel([...dev.resources!.filter((r) => !isRemote(r)), route]), /prefix list remote-id is not registered/);
  });

  it("a subnet without an association uses the VPC's main route table (local route only)", () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#subnet-route-tables
    const m0 = awsModel(dev.resources!);
    const cpId = m0.cluster.subnetIds[0];
    const m = awsModel(
      dev.resources!.filter((r) => !(r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation" && r.inputs.subnetId === cpId)),
    );
    const cp = m.subnets.find((s) => s.id === cpId)!;
    assert.equal(cp.association, undefined);
    assert.deepEqual(cp.routeTable.routes, []);
    assert.match(cp.routeTable.name, /main route table/);
  });

  it("fills only the values AWS decides into frr.conf: no placeholder left, everything else byte for byte", () => {
    const t = buildTwin(awsModel(prod.resources!), "x-", true);
    const filled = fillAwsValues(prod.frrConf, t);
    assert.ok(prod.frrConf.includes("<vpn.tunnel1.vgwInsideIp>"), "the rendered file has placeholders");
    assert.ok(!/<[a-z0-9.]+>/i.test(filled), filled);
    assert.equal(filled.split("\n").length, prod.frrConf.split("\n").length);
    assert.ok(filled.includes(` neighbor ${t.tunnels[0].aws} remote-as ${t.tgw.asn}`));
    assert.deepEqual(
      t.hosts.map((h) => h.role),
      ["eni", "lbn"],
      "prod has the load balancer controller",
    );
    assert.equal(t.endpoint.kind, "private");
  });

  it("renders the security group and the firewall as nftables rulesets with a default drop", () => {
    const t = buildTwin(awsModel(dev.resources!), "x-", false);
    const sg = sgRuleset(t.model);
    assert.match(sg, /chain egress \{\n\s+type filter hook output priority 0; policy drop;/);
    assert.match(sg, /ip daddr 192\.168\.200\.0\/24 tcp dport 10250-10250 counter accept comment "hybrid-dev-hybrid-out-10250/);
    const fw = firewallRuleset(dev.firewall!, t);
    assert.match(fw, /policy drop;/);
    assert.match(
      fw,
      /ip saddr \{ 10\.250\.0\.0\/16 \} ip daddr \{ 192\.168\.200\.0\/24 \} tcp dport \{ 10250 \} counter accept comment "control-plane-to-kubelet"/,
    );
    assert.match(fw, /ip daddr \{ 198\.51\.100\.10 \} tcp dport \{ 443 \}/, "the public endpoint placeholder is the twin's endpoint");
  });

  it("every fault edits what it names, and refuses inputs that lack it", () => {
    for (const f of FAULTS) {
      const i = { dev, prod, ciliumlb, gateway }[faultStack(f)]!;
      const planted = f.plant(i);
      assert.notDeepEqual(planted, i, `${f.name} changed the inputs`);
      assert.throws(() => f.plant(planted), /fault injection: /, `${f.name} cannot be planted twice`);
    }
  });
});
