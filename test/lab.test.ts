/**
 * The network lab on real daemons: the static and BGP fixtures (and every checked-in stack whose
 * rendered output has a router config) must pass; planted faults must fail with a message that
 * names them. Needs root, FRR, GoBGP and iproute2: without them the lab runs are skipped with the
 * missing pieces named, except where LAB_REQUIRED=1 (`.ci/run`, the PR test job), where a missing
 * prerequisite fails so that CI cannot skip the lab silently.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gobgpToml } from "../lab/gobgp-config";
import { loadLabInputs } from "../lab/inputs";
import { missingPrerequisites } from "../lab/preflight";
import { failures, formatReport } from "../lab/report";
import { runLab } from "../lab/run-lab";
import { namespacesWithPrefix } from "../lab/sys";
import { buildTopology, stackPrefix } from "../lab/topology";
import { LabInputs, LabReport } from "../lab/types";
import { PROJECT_DIR, runProgram } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import * as fault from "./helpers/lab-faults";

const FIXTURES = path.join(PROJECT_DIR, "test", "fixtures", "lab");
const staticInputs = (stack = "dev") => ({ ...loadLabInputs(PROJECT_DIR, "dev", path.join(FIXTURES, "static")), stack });
const bgpInputs = (stack = "prod") => ({ ...loadLabInputs(PROJECT_DIR, "prod", path.join(FIXTURES, "bgp")), stack });
/** Fault runs wait less: the fault shows within seconds, a healthy session needs about one. */
const FAST = { establishMs: 6000, routeWaitMs: 2000 };

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
        apiVersion: "crd.projectcalico.org/v1",
        kind: "BGPConfiguration",
        metadata: { name: "default" },
        spec: { asNumber: 65432, nodeToNodeMeshEnabled: false },
      },
      {
        apiVersion: "crd.projectcalico.org/v1",
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

describe("network lab: real daemons in namespaces", function () {
  this.timeout(60000);
  const missing = missingPrerequisites();

  before(function () {
    if (!missing.length) return;
    const msg = `network lab cannot run here; missing: ${missing.join("; ")}`;
    if (process.env.LAB_REQUIRED === "1")
      throw new Error(`${msg} (LAB_REQUIRED=1: the lab must run here; install lab/apt-packages.txt and run as root)`);
    console.log(`    skipped: ${msg}`);
    this.skip();
  });

  async function lab(inputs: LabInputs, opts = {}): Promise<LabReport> {
    const r = await runLab(inputs, opts);
    assert.deepEqual(namespacesWithPrefix(stackPrefix(inputs.stack)), [], "the lab removed its namespaces");
    assert.deepEqual(
      fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(stackPrefix(inputs.stack))),
      [],
      "the lab removed its files",
    );
    return r;
  }
  const passes = (r: LabReport) => assert.ok(r.pass, `lab failed:\n${formatReport(r)}`);
  /** The one failure matching `re` (section + check + expected + seen), with the whole report on mismatch. */
  const failsWith = (r: LabReport, re: RegExp) => {
    assert.equal(r.pass, false, `the planted fault went unnoticed:\n${formatReport(r)}`);
    assert.ok(
      failures(r).some((f) => re.test(f)),
      `no failure matches ${re}; failures:\n${failures(r).join("\n")}`,
    );
  };

  it("static fixture: routes, reachability from the client, MetalLB L2", async () => {
    const r = await lab(staticInputs("fx-static"));
    passes(r);
    assert.deepEqual([...new Set(r.checks.map((c) => c.section))], ["router config", "static routes", "reachability", "MetalLB L2"]);
  });

  it("BGP fixture: sessions, one route per block via its node, reflection, reachability", async () => {
    const r = await lab(bgpInputs("fx-bgp"));
    passes(r);
    assert.equal(r.checks.filter((c) => c.section === "BGP sessions").length, 2);
    assert.equal(r.checks.filter((c) => c.section === "route reflection").length, 2);
  });

  it("is safe to run twice in a row and removes namespaces a crashed run left behind", async () => {
    const stale = `${stackPrefix("fx-again")}zzzzzz_1-r`; // pid base 36 "zzzzzz" is not a live process
    execFileSync("ip", ["netns", "add", stale]);
    passes(await lab(staticInputs("fx-again")));
    passes(await lab(staticInputs("fx-again")));
  });

  const checkedIn = fs.readdirSync(PROJECT_DIR).flatMap((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1] ?? []);
  for (const stack of checkedIn) {
    it(`checked-in stack ${stack}, as rendered by the program`, async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lab-render-${stack}-`));
      try {
        writeOut(await runProgram(stack), dir);
        if (!fs.existsSync(path.join(dir, "router", "frr.conf"))) {
          console.log(`    skipped: stack ${stack} renders no router/frr.conf yet`);
          this.skip();
        }
        const inputs = loadLabInputs(PROJECT_DIR, stack, dir);
        if (inputs.plan.cni.routing === "gateway" || inputs.plan.cni.routing === "none") {
          // No pod routes on-prem to prove; test/lab-gateway.test.ts proves the gateway path.
          console.log(`    skipped: stack ${stack} uses podRouting ${inputs.plan.cni.routing} (no on-prem pod routes)`);
          this.skip();
        }
        passes(await lab(inputs));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("fault: a router neighbour with the wrong ASN never reaches Established", async () => {
    const r = await lab(fault.wrongNeighborAsn(bgpInputs("fx-asn"), "192.168.200.11"), FAST);
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

  it("fault: a node block advertised by the wrong node (BGP) shows two next hops", async () => {
    const r = await lab(fault.ciliumNodeBlocks(bgpInputs("fx-wrongnode"), "node-02", ["192.168.32.0/26"]), FAST);
    failsWith(r, /^router BGP table: 192\.168\.32\.0\/26 .*expected 1 route via 192\.168\.200\.11 \(node-01\), seen 2 routes/);
    failsWith(r, /^router BGP table: 192\.168\.32\.64\/26 .*seen 0 routes/);
  });

  it("fault: a Calico pool on the wrong node (static) is reachable on neither", async () => {
    const r = await lab(fault.calicoPoolOn(staticInputs("fx-pool"), "192.168.32.0/26", "node-02"), FAST);
    failsWith(r, /^reachability: client → 192\.168\.32\.1 .*no reply.*node-01 does not hold it: Calico IPPool .* gives nothing/);
  });
});
