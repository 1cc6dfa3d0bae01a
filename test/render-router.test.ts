import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BGP_TIMERS, buildPlan, NetworkPlan } from "../components/plan";
import { renderCiliumBgpResources } from "../components/render/cni";
import { metallbAdvertisements } from "../components/render/lb/metallb";
import { renderArtifacts } from "../components/render/artifacts";
import { renderFrrConfig, renderVyosConfig, routerRouting } from "../components/render/router";
import { editedConfig } from "./helpers/raw-config";

const planOf = (stack: string, edit: (c: Record<string, any>) => void = () => {}): NetworkPlan => buildPlan(editedConfig(stack, edit));
const lines = (text: string) => text.split("\n");
const VTYSH = "/usr/bin/vtysh";

describe("render: router config, static routing (the article's lab)", () => {
  const plan = planOf("dev");

  it("VyOS: one static route per node pod block via the node", () => {
    const vyos = lines(renderVyosConfig(plan));
    assert.ok(vyos.includes("set protocols static route 192.168.32.0/26 next-hop 192.168.200.11"));
    assert.ok(vyos.includes("set protocols static route 192.168.32.64/26 next-hop 192.168.200.12"));
    const podRoutes = vyos.filter((l) => /^set protocols static route \S+ next-hop /.test(l));
    assert.equal(podRoutes.length, plan.nodes.length, "one pod route per node (the VPN section may add its own VTI routes)");
    assert.ok(!vyos.some((l) => l.startsWith("set protocols bgp")), "no BGP in static mode");
  });

  it("FRR: the same routes as `ip route`", () => {
    const frr = lines(renderFrrConfig(plan));
    assert.deepEqual(
      frr.filter((l) => /^ip route \S+ \d+\.\d+\.\d+\.\d+$/.test(l)),
      plan.onPremRoutes.map((r) => `ip route ${r.cidr} ${r.nextHop}`),
    );
    assert.ok(frr.includes("ip route 192.168.32.0/26 192.168.200.11"));
    assert.ok(!frr.some((l) => l.startsWith("router bgp")));
  });

  it("follows pinned and computed node blocks", () => {
    const moved = planOf("dev", (c) => (c.nodes[1].podCidr = "192.168.33.0/26"));
    assert.ok(renderVyosConfig(moved).includes("set protocols static route 192.168.33.0/26 next-hop 192.168.200.12\n"));
  });
});

describe("render: router config, BGP route reflection", () => {
  for (const stack of ["calicobgp", "prod"]) {
    it(`${stack}: VyOS reflects for every node in the cluster AS with the article's timers`, () => {
      const plan = planOf(stack);
      const vyos = lines(renderVyosConfig(plan));
      assert.equal(vyos.filter((l) => l.startsWith("set protocols bgp system-as")).length, 1, "one system-as, also with a BGP VPN");
      assert.ok(vyos.includes(`set protocols bgp system-as '${plan.router.asn}'`));
      assert.ok(vyos.includes("set protocols bgp parameters router-id 192.168.200.254"));
      for (const n of plan.nodes) {
        const p = `set protocols bgp neighbor ${n.ip}`;
        for (const want of [
          `${p} remote-as ${plan.router.asn}`,
          `${p} address-family ipv4-unicast route-reflector-client`,
          `${p} address-family ipv4-unicast soft-reconfiguration inbound`,
          `${p} timers holdtime 30`,
          `${p} timers keepalive 10`,
          `${p} graceful-restart enable`,
        ])
          assert.ok(vyos.includes(want), `missing: ${want}`);
      }
      assert.ok(vyos.includes("set protocols bgp neighbor 192.168.200.11 address-family ipv4-unicast route-reflector-client"));
      assert.ok(!vyos.some((l) => / next-hop 192\.168\.200\./.test(l)), "BGP mode learns the pod routes");
    });
  }

  it("FRR: router bgp with every node a route-reflector client", () => {
    const plan = planOf("prod");
    const text = renderFrrConfig(plan);
    const frr = lines(text);
    for (const want of ["router bgp 65432", " bgp router-id 192.168.200.254", " no bgp ebgp-requires-policy", " bgp graceful-restart"]) {
      assert.ok(frr.includes(want), `missing: ${want}`);
    }
    const af = text.slice(text.indexOf(" address-family ipv4 unicast"), text.indexOf(" exit-address-family"));
    for (const n of plan.nodes) {
      assert.ok(frr.includes(` neighbor ${n.ip} remote-as 65432`));
      assert.ok(frr.includes(` neighbor ${n.ip} timers 10 30`), "FRR order: keepalive then holdtime");
      assert.ok(af.includes(`  neighbor ${n.ip} route-reflector-client\n`));
      assert.ok(af.includes(`  neighbor ${n.ip} soft-reconfiguration inbound\n`));
    }
  });

  it("a different router ASN moves the whole session to it (iBGP: nodes and router share the AS)", () => {
    const plan = planOf("prod", (c) => (c.router.asn = 64999));
    const r = routerRouting(plan);
    assert.ok(r.bgp?.asn === 64999 && plan.cni.localAsn === 64999);
    const vyos = lines(renderVyosConfig(plan));
    assert.ok(vyos.includes("set protocols bgp system-as '64999'"));
    assert.ok(vyos.includes("set protocols bgp neighbor 192.168.200.12 remote-as 64999"));
    assert.ok(lines(renderFrrConfig(plan)).includes(" neighbor 192.168.200.12 remote-as 64999"));
  });
});

describe("render: router config, routes learned from AWS over BGP", () => {
  const lines = (t: string) => t.split("\n");
  it("reach the nodes via the router (next-hop-self, not forced: reflected pod routes keep their node)", () => {
    const prod = planOf("prod"); // VPN with BGP, Cilium BGP
    for (const n of prod.nodes) {
      assert.ok(lines(renderVyosConfig(prod)).includes(`set protocols bgp neighbor ${n.ip} address-family ipv4-unicast nexthop-self`));
      assert.ok(lines(renderFrrConfig(prod)).includes(`  neighbor ${n.ip} next-hop-self`));
    }
    assert.ok(!/next-?hop-self force/.test(renderVyosConfig(prod) + renderFrrConfig(prod)));
    const staticVpn = planOf("prod", (c) => (c.onPrem.vpnRouting = "static"));
    assert.ok(
      !/next-?hop-self/.test(renderVyosConfig(staticVpn) + renderFrrConfig(staticVpn)),
      "nothing is learned from AWS with a static VPN",
    );
  });
});

describe("render: router config, MetalLB in BGP mode (static pod routes)", () => {
  const plan = planOf("dev", (c) => (c.loadBalancing.metallb.mode = "bgp"));

  it("VyOS: the static pod routes and iBGP with every node, one system-as, no reflection", () => {
    const vyos = lines(renderVyosConfig(plan));
    assert.equal(vyos.filter((l) => / next-hop 192\.168\.200\./.test(l)).length, plan.nodes.length, "pod routes stay static");
    assert.deepEqual(
      vyos.filter((l) => l.startsWith("set protocols bgp system-as")),
      [`set protocols bgp system-as '${plan.router.asn}'`],
    );
    assert.ok(vyos.includes("set protocols bgp address-family ipv4-unicast maximum-paths ibgp 2"));
    for (const n of plan.nodes) {
      const p = `set protocols bgp neighbor ${n.ip}`;
      for (const want of [
        `${p} remote-as ${plan.router.asn}`,
        `${p} timers holdtime 30`,
        `${p} timers keepalive 10`,
        `${p} graceful-restart enable`,
        `${p} address-family ipv4-unicast soft-reconfiguration inbound`,
      ])
        assert.ok(vyos.includes(want), `missing: ${want}`);
    }
    assert.ok(!vyos.some((l) => l.includes("route-reflector-client")));
  });

  it("FRR: ip routes plus router bgp with every node, matching MetalLB's BGPPeer (AS, address, timers, graceful restart)", () => {
    const text = renderFrrConfig(plan);
    const frr = lines(text);
    assert.deepEqual(
      frr.filter((l) => /^ip route \S+ \d+\.\d+\.\d+\.\d+$/.test(l)),
      plan.onPremRoutes.map((r) => `ip route ${r.cidr} ${r.nextHop}`),
    );
    assert.match(text, /Daemons: zebra, staticd, bgpd\./);
    const peer = metallbAdvertisements(plan).find((o) => o.kind === "BGPPeer")!.spec as Record<string, unknown>;
    assert.ok(frr.includes(`router bgp ${peer.peerASN}`));
    assert.ok(frr.includes(` bgp router-id ${peer.peerAddress}`));
    assert.ok(frr.includes(" bgp graceful-restart") && peer.enableGracefulRestart === true);
    const [keepalive, hold] = [String(peer.keepaliveTime), String(peer.holdTime)].map((t) => t.replace(/s$/, ""));
    for (const n of plan.nodes) {
      assert.ok(frr.includes(` neighbor ${n.ip} remote-as ${peer.myASN}`), "iBGP: the speakers' AS is the router's");
      assert.ok(frr.includes(` neighbor ${n.ip} timers ${keepalive} ${hold}`));
      assert.ok(frr.includes(`  neighbor ${n.ip} soft-reconfiguration inbound`));
    }
    assert.ok(!text.includes("route-reflector-client"));
    assert.ok(frr.includes("  maximum-paths ibgp 2"), "ECMP over the nodes announcing a Service");
  });

  it("MetalLB in L2 mode adds no BGP", () => {
    assert.ok(!renderFrrConfig(planOf("dev")).includes("router bgp"));
  });
});

describe("render: one BGP timers constant", () => {
  it("the CNI, MetalLB, the router and the VPN sessions all use BGP_TIMERS", () => {
    const cilium = renderCiliumBgpResources(planOf("prod")).find((o) => o.kind === "CiliumBGPPeerConfig")!.spec as any;
    assert.deepEqual(cilium.timers, { holdTimeSeconds: BGP_TIMERS.holdSeconds, keepAliveTimeSeconds: BGP_TIMERS.keepaliveSeconds });
    const metallb = metallbAdvertisements(planOf("dev", (c) => (c.loadBalancing.metallb.mode = "bgp"))).find((o) => o.kind === "BGPPeer")!
      .spec as any;
    assert.deepEqual([metallb.holdTime, metallb.keepaliveTime], [`${BGP_TIMERS.holdSeconds}s`, `${BGP_TIMERS.keepaliveSeconds}s`]);
    const prod = planOf("prod");
    assert.deepEqual(
      [routerRouting(prod).bgp?.holdtimeSeconds, routerRouting(prod).bgp?.keepaliveSeconds],
      [BGP_TIMERS.holdSeconds, BGP_TIMERS.keepaliveSeconds],
    );
    const vpn = lines(renderVyosConfig(prod)).filter((l) => l.startsWith("set protocols bgp neighbor <vpn.tunnel1.vgwInsideIp> timers"));
    assert.deepEqual(
      vpn,
      [`holdtime '${BGP_TIMERS.holdSeconds}'`, `keepalive '${BGP_TIMERS.keepaliveSeconds}'`].map(
        (t) => `set protocols bgp neighbor <vpn.tunnel1.vgwInsideIp> timers ${t}`,
      ),
      "the VPN sessions too",
    );
  });
});

describe("render: router files in the plan output", () => {
  it("artifacts carry router/vyos.conf and router/frr.conf", () => {
    const a = renderArtifacts(planOf("dev"));
    assert.ok(a["router/vyos.conf"].includes("set protocols static route 192.168.32.0/26 next-hop 192.168.200.11"));
    assert.ok(a["router/frr.conf"].includes("ip route 192.168.32.64/26 192.168.200.12"));
  });

  const variants: [string, () => NetworkPlan][] = [
    ...["dev", "calicobgp", "prod", "cilium116", "cilium117", "ciliumlb"].map((stack): [string, () => NetworkPlan] => [
      stack,
      () => planOf(stack),
    ]),
    ["dev with MetalLB BGP", () => planOf("dev", (c) => (c.loadBalancing.metallb.mode = "bgp"))],
    ["dev redistributing into OSPF", () => planOf("dev", (c) => (c.router.redistributeStatic = { protocol: "ospf" }))],
    [
      "dev with a BGP VPN redistributing into BGP",
      () => planOf("dev", (c) => ((c.onPrem.vpnRouting = "bgp"), (c.router.redistributeStatic = { protocol: "bgp" }))),
    ],
  ];
  for (const [stack, plan] of variants) {
    it(`${stack}: frr.conf passes FRR's own parser (vtysh --dryrun)`, function () {
      if (!fs.existsSync(VTYSH)) this.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frr-conf-"));
      const file = path.join(dir, "frr.conf");
      fs.writeFileSync(file, renderFrrConfig(plan()));
      try {
        execFileSync(VTYSH, ["--dryrun", "-f", file], { encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        assert.fail(`vtysh rejected ${stack} frr.conf: ${err.stdout ?? ""}${err.stderr ?? ""}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
