import { strict as assert } from "node:assert";
import fc from "fast-check";
import { assignPodBlocks, buildPlan, cidr, contains, formatIpv4, ipv4, overlaps, ConfigValidationError } from "../components/plan";
import { editedConfig, rawConfigOf } from "./helpers/raw-config";

describe("network plan", () => {
  it("plans the article's lab (dev)", () => {
    const plan = buildPlan(rawConfigOf("dev"));
    assert.deepEqual(plan.remote, { nodeCidrs: ["192.168.200.0/24"], podCidrs: ["192.168.32.0/23"] });
    assert.deepEqual(
      plan.nodes.map((n) => [n.name, n.ip, n.podCidr, n.labels.zone]),
      [
        ["node-01", "192.168.200.11", "192.168.32.0/26", "node-01"],
        ["node-02", "192.168.200.12", "192.168.32.64/26", "node-02"],
      ],
    );
    assert.deepEqual(plan.onPremRoutes, [
      { cidr: "192.168.32.0/26", nextHop: "192.168.200.11", node: "node-01" },
      { cidr: "192.168.32.64/26", nextHop: "192.168.200.12", node: "node-02" },
    ]);
    assert.equal(plan.cni.chart, "tigera-operator");
    assert.equal(plan.cni.version, "3.29.2");
    assert.equal(plan.cluster.serviceCidr, "172.16.0.0/16");
    assert.deepEqual(plan.loadBalancing.metallb?.pools, [
      { name: "first-pool", addresses: ["192.168.200.201-192.168.200.220"], autoAssign: true },
    ]);
  });

  it("carves private and public subnets per AZ from the VPC", () => {
    const plan = buildPlan(rawConfigOf("prod"));
    assert.equal(plan.vpc.mode, "create");
    if (plan.vpc.mode !== "create") return;
    assert.deepEqual(plan.vpc.availabilityZones, [
      { name: "us-west-2a", privateSubnetCidr: "10.250.0.0/19", publicSubnetCidr: "10.250.128.0/21" },
      { name: "us-west-2b", privateSubnetCidr: "10.250.32.0/19", publicSubnetCidr: "10.250.136.0/21" },
      { name: "us-west-2c", privateSubnetCidr: "10.250.64.0/19", publicSubnetCidr: "10.250.144.0/21" },
    ]);
    const all = plan.vpc.availabilityZones.flatMap((a) => [cidr(a.privateSubnetCidr), cidr(a.publicSubnetCidr)]);
    for (const s of all) assert.ok(contains(cidr("10.250.0.0/16"), s));
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) assert.ok(!overlaps(all[i], all[j]));
  });

  it("prod: Cilium 1.18 BGP with v2 CRDs, no static routes, the router's ASN", () => {
    const plan = buildPlan(rawConfigOf("prod"));
    assert.equal(plan.cni.ciliumBgpApiVersion, "cilium.io/v2");
    assert.deepEqual(plan.onPremRoutes, []);
    assert.equal(plan.cni.localAsn, 65432);
    assert.equal(plan.cluster.endpointPrivate, true);
    assert.equal(plan.cluster.endpointPublic, false);
    assert.equal(plan.protect, true);
  });

  it("unpinned nodes get block (IP offset mod blocks) of the pod network", () => {
    const plan = buildPlan(
      editedConfig("dev", (c) => {
        for (const n of c.nodes) delete n.podCidr;
      }),
    );
    // .11 → block 11 mod 8 = 3, .12 → block 4
    assert.deepEqual(
      plan.nodes.map((n) => n.podCidr),
      ["192.168.32.192/26", "192.168.33.0/26"],
    );
  });

  it("throws a ConfigValidationError listing the problems", () => {
    assert.throws(
      () => buildPlan(editedConfig("dev", (c) => (c.onPrem.podCidrs = ["192.16.32.0/23"]))),
      (e: unknown) => {
        assert.ok(e instanceof ConfigValidationError);
        assert.match(e.message, /192\.16\.32\.0\/23 is public/);
        return true;
      },
    );
  });
});

describe("per-node pod blocks (properties)", () => {
  const nodeNet = cidr("10.20.0.0/22");
  const podNet = [cidr("100.64.0.0/20")];
  const prefix = 26; // 64 blocks
  /** Distinct node host offsets in 10.20.0.0/22. */
  const arbNodes = fc
    .uniqueArray(fc.integer({ min: 1, max: 1022 }), { minLength: 1, maxLength: 40 })
    .map((offs) => offs.map((o) => ({ name: `n${o}`, ip: nodeNet.first + o, key: `nodes[${o}]` })));

  it("blocks are inside the pod CIDRs and never overlap; clashes are errors, never silent", () => {
    fc.assert(
      fc.property(arbNodes, (nodes) => {
        const { blocks, problems } = assignPodBlocks(nodes, [nodeNet], podNet, prefix);
        for (const b of blocks) assert.ok(podNet.some((p) => contains(p, b.cidr)));
        const clash = blocks.some((a, i) => blocks.some((b, j) => i < j && overlaps(a.cidr, b.cidr)));
        assert.equal(clash, problems.length > 0, "overlapping blocks are reported, and only then");
      }),
    );
  });

  it("a node's block does not move when other nodes are added, removed or reordered", () => {
    fc.assert(
      fc.property(arbNodes, arbNodes, fc.integer(), (nodes, others, seed) => {
        const before = new Map(assignPodBlocks(nodes, [nodeNet], podNet, prefix).blocks.map((b) => [b.node, b.cidr.text]));
        const kept = nodes.filter((_, i) => (seed >> (i % 31)) & 1);
        const changed = [...others.filter((o) => !nodes.some((n) => n.name === o.name)), ...kept].sort(() => (seed & 1 ? 1 : -1));
        const after = assignPodBlocks(changed, [nodeNet], podNet, prefix).blocks;
        for (const b of after) {
          if (before.has(b.node)) assert.equal(b.cidr.text, before.get(b.node), `${b.node} kept its block`);
        }
      }),
    );
  });

  it("pinned blocks win", () => {
    fc.assert(
      fc.property(arbNodes, fc.integer({ min: 0, max: 63 }), (nodes, slot) => {
        const pin = `100.64.${Math.floor((slot * 64) / 256)}.${(slot * 64) % 256}/26`;
        const [first, ...rest] = nodes;
        const { blocks } = assignPodBlocks([{ ...first, pinned: pin }, ...rest], [nodeNet], podNet, prefix);
        assert.equal(blocks.find((b) => b.node === first.name)?.cidr.text, pin);
      }),
    );
  });

  it("names a free block to pin when two nodes clash", () => {
    const nodes = [
      { name: "a", ip: ipv4("10.20.0.1"), key: "nodes[0]" },
      { name: "b", ip: ipv4("10.20.0.65"), key: "nodes[1]" }, // 65 mod 64 = 1: same block as a
    ];
    const { problems } = assignPodBlocks(nodes, [nodeNet], podNet, prefix);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0].rule,
      /overlaps a's pod block 100\.64\.0\.64\/26; node pod blocks must be disjoint \(pin nodes\[1\]\.podCidr: 100\.64\.0\.0\/26\)/,
    );
    assert.equal(formatIpv4(nodes[1].ip), "10.20.0.65");
  });
});
