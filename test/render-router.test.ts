import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPlan, NetworkPlan } from "../components/plan";
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
      frr.filter((l) => l.startsWith("ip route")),
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
      assert.ok(vyos.includes(`set protocols bgp system-as ${plan.router.asn}`));
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
    assert.ok(r.mode === "bgp" && r.asn === 64999 && plan.cni.localAsn === 64999);
    const vyos = lines(renderVyosConfig(plan));
    assert.ok(vyos.includes("set protocols bgp system-as 64999"));
    assert.ok(vyos.includes("set protocols bgp neighbor 192.168.200.12 remote-as 64999"));
    assert.ok(lines(renderFrrConfig(plan)).includes(" neighbor 192.168.200.12 remote-as 64999"));
  });
});

describe("render: router files in the plan output", () => {
  it("artifacts carry router/vyos.conf and router/frr.conf", () => {
    const a = renderArtifacts(planOf("dev"));
    assert.ok(a["router/vyos.conf"].includes("set protocols static route 192.168.32.0/26 next-hop 192.168.200.11"));
    assert.ok(a["router/frr.conf"].includes("ip route 192.168.32.64/26 192.168.200.12"));
  });

  for (const stack of ["dev", "calicobgp", "prod"]) {
    it(`${stack}: frr.conf passes FRR's own parser (vtysh --dryrun)`, function () {
      if (!fs.existsSync(VTYSH)) this.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frr-conf-"));
      const file = path.join(dir, "frr.conf");
      fs.writeFileSync(file, renderFrrConfig(planOf(stack)));
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
