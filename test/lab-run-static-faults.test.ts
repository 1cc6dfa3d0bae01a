/**
 * The network lab on real daemons, static routing faults: each fails with a message that names
 * it; and a second run over a crashed run's leftovers. (The fixture and redistribution are in
 * lab-run-static.test.ts.) Needs root, FRR, GoBGP and iproute2 (see `requireLab`).
 */
import { execFileSync } from "node:child_process";
import { stackPrefix } from "../lab/topology";
import * as fault from "./helpers/lab-faults";
import { FAST, failsWith, lab, passes, staticInputs } from "./helpers/lab-inputs";
import { requireLab } from "./helpers/require-lab";

describe("network lab: real daemons, static routing faults and reruns", function () {
  this.timeout(60000);
  before(requireLab());

  it("is safe to run twice in a row and removes namespaces a crashed run left behind", async () => {
    const stale = `${stackPrefix("fx-again")}zzzzzz_1-r`; // pid base 36 "zzzzzz" is not a live process
    execFileSync("ip", ["netns", "add", stale]);
    passes(await lab(staticInputs("fx-again")));
    passes(await lab(staticInputs("fx-again")));
  });

  it("fault: a missing static route leaves the node's block unreachable", async () => {
    const r = await lab(fault.missingStaticRoute(staticInputs("fx-noroute"), "192.168.32.64/26"), FAST);
    failsWith(r, /^static routes: router forwards 192\.168\.32\.64\/26 .*seen no route/);
    failsWith(r, /^reachability: client → 192\.168\.32\.65 .*expected reply from node-02, seen no reply/);
  });

  it("fault: a static route via the wrong node shows the wrong next hop", async () => {
    const r = await lab(fault.staticRouteVia(staticInputs("fx-nexthop"), "192.168.32.0/26", "192.168.200.12"), FAST);
    failsWith(
      r,
      /^static routes: router forwards 192\.168\.32\.0\/26 .*expected via 192\.168\.200\.11 \(node-01\), seen via 192\.168\.200\.12 \(node-02\)/,
    );
  });

  it("fault: a Calico pool on the wrong node (static) is reachable on neither", async () => {
    const r = await lab(fault.calicoPoolOn(staticInputs("fx-pool"), "192.168.32.0/26", "node-02"), FAST);
    failsWith(r, /^reachability: client → 192\.168\.32\.1 .*no reply.*node-01 does not hold it: Calico IPPool .* gives nothing/);
  });
});
