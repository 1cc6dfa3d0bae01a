/**
 * vyos.conf and frr.conf describe the same router: both files are parsed here, by parsers of
 * their own that share nothing with the renderers, into one set of routing facts (static routes
 * with next hop/interface/blackhole and distance, BGP AS, router id, neighbours with their
 * remote/local AS, timers, reflection, next-hop-self, soft reconfiguration and outbound route
 * map, networks, prefix lists, route maps, OSPF and redistribution), and the sets must be equal
 * for every checked-in stack and the option variants. Not compared, by design: IPsec (FRR has no
 * IPsec; the IPsec stack provides vti1/vti2), VTI MTU/MSS, descriptions, VyOS's per-neighbour
 * graceful-restart (FRR's is global) and its stale-path time (FRR's default, 360 s).
 * Syntax: VyOS 1.4 `set protocols …` / `set policy …` (https://docs.vyos.io/en/sagitta/configuration/protocols/),
 * FRR 8.4 (https://docs.frrouting.org/en/stable-8.4/bgp.html, /static.html, /ospfd.html, /filter.html).
 */
import { strict as assert } from "node:assert";
import { buildPlan, NetworkPlan } from "../components/plan";
import { renderFrrConfig, renderVyosConfig } from "../components/render/router";
import { editedConfig } from "./helpers/raw-config";

const unq = (s: string) => s.replace(/^'(.*)'$/, "$1");

/** Routing facts of a VyOS `set` config. */
function vyosFacts(text: string): Set<string> {
  const f = new Set<string>();
  for (const raw of text.split("\n")) {
    if (!raw.startsWith("set ")) continue;
    const w = raw.trim().split(/\s+/).map(unq);
    const at = (i: number) => w[i];
    if (w[1] === "protocols" && w[2] === "static" && w[3] === "route") {
      const [prefix, kind, target] = [at(4), at(5), at(6)];
      if (kind === "next-hop") f.add(`static ${prefix} via ${target} distance ${w[7] === "distance" ? at(8) : "1"}`);
      else if (kind === "interface") f.add(`static ${prefix} dev ${target} distance ${w[7] === "distance" ? at(8) : "1"}`);
      else if (kind === "blackhole") f.add(`static ${prefix} blackhole distance ${w[6] === "distance" ? at(7) : "1"}`);
      continue;
    }
    if (w[1] === "protocols" && w[2] === "bgp") {
      if (w[3] === "system-as") f.add(`bgp as ${at(4)}`);
      else if (w[3] === "parameters" && w[4] === "router-id") f.add(`bgp router-id ${at(5)}`);
      else if (w[3] === "address-family" && w[5] === "network") f.add(`bgp network ${at(6)}`);
      else if (w[3] === "address-family" && w[5] === "maximum-paths") f.add(`bgp maximum-paths ibgp ${at(7)}`);
      else if (w[3] === "address-family" && w[5] === "redistribute") f.add(`bgp redistribute ${at(6)} route-map ${at(8)}`);
      else if (w[3] === "neighbor") {
        const nb = `bgp neighbor ${at(4)}`;
        const rest = w.slice(5).join(" ");
        if (w[5] === "remote-as") f.add(`${nb} remote-as ${at(6)}`);
        else if (w[5] === "local-as") f.add(`${nb} local-as ${at(6)} ${w.slice(7).join(" ")}`);
        else if (w[5] === "timers") f.add(`${nb} ${at(6)} ${at(7)}`);
        else if (rest === "address-family ipv4-unicast route-reflector-client") f.add(`${nb} rr-client`);
        else if (rest === "address-family ipv4-unicast nexthop-self") f.add(`${nb} next-hop-self`);
        else if (rest === "address-family ipv4-unicast soft-reconfiguration inbound") f.add(`${nb} soft-reconfiguration`);
        else if (w[6] === "ipv4-unicast" && w[7] === "route-map") f.add(`${nb} route-map ${at(8) === "export" ? "out" : "in"} ${at(9)}`);
      }
      continue;
    }
    if (w[1] === "protocols" && w[2] === "ospf") {
      if (w[3] === "parameters" && w[4] === "router-id") f.add(`ospf router-id ${at(5)}`);
      else if (w[3] === "area" && w[5] === "network") f.add(`ospf network ${at(6)} area ${at(4)}`);
      else if (w[3] === "redistribute") f.add(`ospf redistribute ${at(4)} route-map ${at(6)}`);
      continue;
    }
    if (w[1] === "policy" && w[2] === "prefix-list") {
      const key = `prefix-list ${at(3)} ${at(5)}`;
      f.add(`${key} ${w[6]} ${at(7)}`);
      continue;
    }
    if (w[1] === "policy" && w[2] === "route-map") {
      f.add(`route-map ${at(3)} ${at(5)} ${w.slice(6).join(" ")}`);
    }
  }
  return f;
}

/** Routing facts of an FRR config (same vocabulary as {@link vyosFacts}). */
function frrFacts(text: string): Set<string> {
  const f = new Set<string>();
  let block: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("!")) continue;
    const w = line.split(/\s+/);
    if (!raw.startsWith(" ")) block = w;
    if (w[0] === "ip" && w[1] === "route") {
      const [prefix, target, dist] = [w[2], w[3], w[4] ?? "1"];
      if (target === "blackhole") f.add(`static ${prefix} blackhole distance ${dist}`);
      else if (/^\d+\.\d+\.\d+\.\d+$/.test(target)) f.add(`static ${prefix} via ${target} distance ${dist}`);
      else f.add(`static ${prefix} dev ${target} distance ${dist}`);
    } else if (w[0] === "ip" && w[1] === "prefix-list") {
      f.add(`prefix-list ${w[2]} ${w[4]} action ${w[5]}`);
      f.add(`prefix-list ${w[2]} ${w[4]} prefix ${w[6]}`);
      if (w[7] === "le") f.add(`prefix-list ${w[2]} ${w[4]} le ${w[8]}`);
    } else if (w[0] === "route-map" && !raw.startsWith(" ")) {
      f.add(`route-map ${w[1]} ${w[3]} action ${w[2]}`);
    } else if (block[0] === "route-map" && w[0] === "match") {
      f.add(`route-map ${block[1]} ${block[3]} match ${w.slice(1).join(" ")}`);
    } else if (w[0] === "router" && w[1] === "bgp") {
      f.add(`bgp as ${w[2]}`);
    } else if (block[0] === "router" && block[1] === "bgp") {
      if (w[0] === "bgp" && w[1] === "router-id") f.add(`bgp router-id ${w[2]}`);
      else if (w[0] === "network") f.add(`bgp network ${w[1]}`);
      else if (w[0] === "maximum-paths") f.add(`bgp maximum-paths ibgp ${w[2]}`);
      else if (w[0] === "redistribute") f.add(`bgp redistribute ${w[1]} route-map ${w[3]}`);
      else if (w[0] === "neighbor") {
        const nb = `bgp neighbor ${w[1]}`;
        if (w[2] === "remote-as") f.add(`${nb} remote-as ${w[3]}`);
        else if (w[2] === "local-as") f.add(`${nb} local-as ${w.slice(3).join(" ")}`);
        else if (w[2] === "timers") f.add(`${nb} keepalive ${w[3]}`).add(`${nb} holdtime ${w[4]}`);
        else if (w[2] === "route-reflector-client") f.add(`${nb} rr-client`);
        else if (w[2] === "next-hop-self") f.add(`${nb} next-hop-self`);
        else if (w[2] === "soft-reconfiguration") f.add(`${nb} soft-reconfiguration`);
        else if (w[2] === "route-map") f.add(`${nb} route-map ${w[4]} ${w[3]}`);
      }
    } else if (block[0] === "router" && block[1] === "ospf") {
      if (w[0] === "ospf" && w[1] === "router-id") f.add(`ospf router-id ${w[2]}`);
      else if (w[0] === "network") f.add(`ospf network ${w[1]} area ${w[3]}`);
      else if (w[0] === "redistribute") f.add(`ospf redistribute ${w[1]} route-map ${w[3]}`);
    }
  }
  return f;
}

const planOf = (stack: string, edit: (c: Record<string, any>) => void = () => {}): NetworkPlan => buildPlan(editedConfig(stack, edit));

const variants: [string, () => NetworkPlan][] = [
  ...["dev", "prod", "calicobgp", "cilium116", "cilium117", "ciliumlb"].map((s): [string, () => NetworkPlan] => [s, () => planOf(s)]),
  ["dev, MetalLB BGP", () => planOf("dev", (c) => (c.loadBalancing.metallb.mode = "bgp"))],
  ["dev, BGP VPN", () => planOf("dev", (c) => (c.onPrem.vpnRouting = "bgp"))],
  ["dev, redistribute into OSPF area 1", () => planOf("dev", (c) => (c.router.redistributeStatic = { protocol: "ospf", area: "1" }))],
  [
    "dev, BGP VPN, redistribute into BGP",
    () => planOf("dev", (c) => ((c.onPrem.vpnRouting = "bgp"), (c.router.redistributeStatic = { protocol: "bgp" }))),
  ],
  ["dev, redistribute into BGP (no other BGP)", () => planOf("dev", (c) => (c.router.redistributeStatic = { protocol: "bgp" }))],
  ["prod, CGW AS = router AS", () => planOf("prod", (c) => (c.onPrem.customerGatewayAsn = 65432))],
];

describe("render: vyos.conf and frr.conf are the same router", () => {
  for (const [name, plan] of variants) {
    it(`${name}: the same routing facts`, () => {
      const p = plan();
      const v = vyosFacts(renderVyosConfig(p));
      const fr = frrFacts(renderFrrConfig(p));
      const onlyV = [...v].filter((x) => !fr.has(x));
      const onlyF = [...fr].filter((x) => !v.has(x));
      assert.deepEqual({ onlyInVyos: onlyV, onlyInFrr: onlyF }, { onlyInVyos: [], onlyInFrr: [] });
      assert.ok(v.size > 3, "the parsers found the routing");
    });
  }

  it("the comparison catches a dropped line (planted fault)", () => {
    const p = planOf("prod");
    const frr = renderFrrConfig(p).replace(/^ip prefix-list AWS-OUT seq 20 .*\n/m, "");
    const v = vyosFacts(renderVyosConfig(p));
    const missing = [...v].filter((x) => !frrFacts(frr).has(x));
    assert.deepEqual(missing, ["prefix-list AWS-OUT 20 action permit", "prefix-list AWS-OUT 20 prefix 192.168.32.0/23"]);
  });

  it("static VPN: the VPC CIDR over vti1, vti2 as backup at distance 10, in both files", () => {
    const v = vyosFacts(renderVyosConfig(planOf("dev")));
    assert.ok(v.has("static 10.250.0.0/16 dev vti1 distance 1") && v.has("static 10.250.0.0/16 dev vti2 distance 10"), [...v].join("\n"));
  });

  it("redistribution passes only the pod blocks (le 32 of the pod CIDRs), not the VPN's VPC route", () => {
    const f = frrFacts(renderFrrConfig(planOf("dev", (c) => (c.router.redistributeStatic = { protocol: "ospf" }))));
    assert.ok(f.has("ospf redistribute static route-map POD-ROUTES"));
    assert.ok(f.has("prefix-list POD-ROUTES 10 prefix 192.168.32.0/23") && f.has("prefix-list POD-ROUTES 10 le 32"));
    assert.ok(f.has("ospf network 192.168.200.0/24 area 0.0.0.0"));
  });

  it("redistribution needs static pod routes: rejected with cni.routing bgp, naming the key", () => {
    assert.throws(
      () => planOf("prod", (c) => (c.router.redistributeStatic = { protocol: "ospf" })),
      /router\.redistributeStatic\.protocol.*cni\.routing is bgp/s,
    );
  });
});
