/**
 * The network lab on real daemons, static routing: the static fixture (FRR's static routes, the
 * client's reachability, MetalLB L2 and BGP) and the article's redistribution into OSPF/BGP, with
 * a planted route map that lets nothing through. The static-routing faults and a second run over
 * a crashed run's leftovers are in lab-run-static-faults.test.ts (a file of their own so that the
 * two run side by side). Needs root, FRR, GoBGP and iproute2 (see `requireLab`).
 */
import { strict as assert } from "node:assert";
import { faultNamed } from "../lab/faults";
import { formatReport } from "../lab/report";
import { renderFrrConfig } from "../components/render/router";
import { planFor } from "./helpers/plan-for";
import { FAST, failsWith, lab, metallbBgpInputs, passes, staticInputs } from "./helpers/lab-inputs";
import { requireLab } from "./helpers/require-lab";

describe("network lab: real daemons, static routing", function () {
  this.timeout(60000);
  before(requireLab());

  it("static fixture: routes, reachability from the client, MetalLB L2", async () => {
    const r = await lab(staticInputs("fx-static"));
    passes(r);
    assert.deepEqual([...new Set(r.checks.map((c) => c.section))], ["router config", "static routes", "reachability", "MetalLB L2"]);
  });

  for (const protocol of ["ospf", "bgp"] as const) {
    it(`router.redistributeStatic ${protocol}: FRR hands exactly the node blocks to ${protocol.toUpperCase()} (the article's static routes)`, async () => {
      const plan = planFor("dev", { router: { address: "192.168.200.254", asn: 65432, redistributeStatic: { protocol } } });
      const i = { ...staticInputs(`fx-redis-${protocol}`), plan, frrConf: renderFrrConfig(plan) };
      const r = await lab(i, FAST);
      passes(r);
      const rows = r.checks.filter((c) => c.section === `redistribution into ${protocol.toUpperCase()}`);
      assert.equal(rows.length, plan.nodes.length + 1, formatReport(r));
    });
  }

  it("router.redistributeStatic: a route map that lets nothing through is caught (planted fault)", async () => {
    const plan = planFor("dev", { router: { address: "192.168.200.254", asn: 65432, redistributeStatic: { protocol: "ospf" } } });
    const frrConf = renderFrrConfig(plan).replace(
      /^ip prefix-list POD-ROUTES seq 10 permit .*$/m,
      "ip prefix-list POD-ROUTES seq 10 permit 10.99.0.0/16 le 32",
    );
    const r = await lab({ ...staticInputs("fx-redis-bad"), plan, frrConf }, FAST);
    failsWith(r, /^redistribution into OSPF: node-01's block 192\.168\.32\.0\/26 is redistributed: .*seen no/);
  });

  it("MetalLB BGP: MetalLB's speakers announce the pool address, the office client reaches it through the router; without the BGPAdvertisement nothing does", async () => {
    const [ok, bad] = await Promise.all([
      lab(metallbBgpInputs("fx-mlbbgp"), FAST),
      lab(faultNamed("lb-bgp-advertisement").plant(metallbBgpInputs("fx-mlbbgp-bad")), FAST),
    ]);
    passes(ok);
    const flow = ok.flows!.find((f) => f.flow === "office client → MetalLB BGP pool first-pool address 192.168.200.201")!;
    assert.ok(flow.pass && flow.path[1] === "on-prem router" && /^node-0[12]$/.test(flow.path[2]), JSON.stringify(flow));
    // No twin here (no resources.json): the fault's own expectation without the flows off its path.
    const e = faultNamed("lb-bgp-advertisement").expect(metallbBgpInputs("x"));
    const failed = bad.flows!.find((f) => e.flow.test(f.flow))!;
    assert.ok(!failed.pass && e.stoppedAt.test(failed.stoppedAt!) && e.reason.test(failed.reason!), JSON.stringify(failed));
    assert.match(failed.reason!, /no BGPAdvertisement selects IPAddressPool first-pool/);
  });
});
