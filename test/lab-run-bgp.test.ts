/**
 * The network lab on real daemons, BGP: the BGP fixture (sessions, one route per block via its
 * node, route reflection, reachability) and the BGP faults, each failing with a message that
 * names it. Needs root, FRR, GoBGP and iproute2 (see `requireLab`).
 */
import { strict as assert } from "node:assert";
import * as fault from "./helpers/lab-faults";
import { bgpInputs, FAST, failsWith, lab, passes } from "./helpers/lab-inputs";
import { requireLab } from "./helpers/require-lab";

describe("network lab: real daemons, BGP", function () {
  this.timeout(60000);
  before(requireLab());

  it("BGP fixture: sessions, one route per block via its node, reflection, reachability", async () => {
    const r = await lab(bgpInputs("fx-bgp"));
    passes(r);
    assert.equal(r.checks.filter((c) => c.section === "BGP sessions").length, 2);
    assert.equal(r.checks.filter((c) => c.section === "route reflection").length, 2);
  });

  it("fault: a router neighbour with the wrong ASN never reaches Established", async () => {
    // The full wait: the router names the refusal only once the node's OPEN reached it, which on a
    // loaded machine can take longer than FAST's bound; the lab stops waiting when the OPEN is refused.
    const r = await lab(fault.wrongNeighborAsn(bgpInputs("fx-asn"), "192.168.200.11"), { ...FAST, establishMs: 20000 });
    failsWith(r, /^BGP sessions: node-01 .*expected Established on both ends, seen router: (?!Established).*Bad Peer AS/);
    assert.ok(
      r.checks.some((c) => c.section === "BGP sessions" && c.check.startsWith("node-02") && c.pass),
      "node-02's session is unaffected",
    );
  });

  it("fault: the peer config's hold time disagrees with the router's", async () => {
    const i = bgpInputs("fx-timers");
    const manifests = i.manifests.map((o) =>
      o.kind === "CiliumBGPPeerConfig" ? { ...o, spec: { ...o.spec, timers: { ...o.spec.timers, holdTimeSeconds: 90 } } } : o,
    );
    const r = await lab({ ...i, manifests }, FAST);
    failsWith(r, /^BGP session parameters: node-01 .*expected hold 90 s, keepalive 10 s, .*seen router configured hold 30 s/);
  });

  it("fault: a node block advertised by the wrong node (BGP) shows two next hops", async () => {
    const r = await lab(fault.ciliumNodeBlocks(bgpInputs("fx-wrongnode"), "node-02", ["192.168.32.0/26"]), FAST);
    failsWith(r, /^router BGP table: 192\.168\.32\.0\/26 .*expected 1 route via 192\.168\.200\.11 \(node-01\), seen 2 routes/);
    failsWith(r, /^router BGP table: 192\.168\.32\.64\/26 .*seen 0 routes/);
  });
});
