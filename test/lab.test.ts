/**
 * The network lab on real daemons: the static and BGP fixtures (and every checked-in stack whose
 * rendered output has a router config) must pass; planted faults must fail with a message that
 * names them. Needs root, FRR, GoBGP and iproute2: without them the lab runs are skipped with the
 * missing pieces named, except where LAB_REQUIRED=1 (`.ci/run`, the PR test job), where a missing
 * prerequisite fails so that CI cannot skip the lab silently.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { awsModel, Registration } from "../lab/aws-model";
import { faultNamed, FAULTS } from "../lab/faults";
import { firewallRuleset } from "../lab/twin-firewall";
import { sgRuleset } from "../lab/twin-hosts";
import { buildTwin, fillAwsValues } from "../lab/twin-topology";
import { gobgpToml } from "../lab/gobgp-config";
import { loadLabInputs } from "../lab/inputs";
import { missingPrerequisites } from "../lab/preflight";
import { failures, formatReport } from "../lab/report";
import { runLab } from "../lab/run-lab";
import { namespacesWithPrefix } from "../lab/sys";
import { isStaleRun } from "../lab/hosts";
import { buildTopology, stackPrefix } from "../lab/topology";
import { LabInputs, LabReport } from "../lab/types";
import { PROJECT_DIR, runProgram } from "../plan-runner/run-program";
import { writeOut } from "../plan-runner/write-out";
import { renderFrrConfig } from "../components/render/router";
import { metallbAdvertisements } from "../components/render/lb/metallb";
import { lbTargets } from "../lab/lb-targets";
import { planFor } from "./helpers/plan-for";
import * as fault from "./helpers/lab-faults";

const FIXTURES = path.join(PROJECT_DIR, "test", "fixtures", "lab");
const staticInputs = (stack = "dev") => ({ ...loadLabInputs(PROJECT_DIR, "dev", path.join(FIXTURES, "static")), stack });
const bgpInputs = (stack = "prod") => ({ ...loadLabInputs(PROJECT_DIR, "prod", path.join(FIXTURES, "bgp")), stack });
/** Fault runs wait less: the fault shows within seconds, a healthy session needs about one. */
const FAST = { establishMs: 6000, routeWaitMs: 2000 };
/** The checked-in stack a fault is planted in: its VPN routing and the LoadBalancer kind it needs. */
const faultStack = (f: (typeof FAULTS)[number]) =>
  f.needs === "gateway"
    ? "gateway"
    : f.needs === "lb-bgp"
      ? "ciliumlb"
      : f.needs === "metallb-l2"
        ? "dev"
        : f.vpn === "bgp"
          ? "prod"
          : "dev";
/** Static fixture with MetalLB in BGP mode (static CNI routing): the router config and MetalLB's objects rendered for it. */
function metallbBgpInputs(stack: string): LabInputs {
  const base = staticInputs(stack);
  const plan = planFor("dev", {
    loadBalancing: {
      metallb: {
        enabled: true,
        mode: "bgp",
        version: "0.14.9",
        addressPools: [{ name: "first-pool", addresses: ["192.168.200.201-192.168.200.220"] }],
      },
      demoApps: false,
    },
  });
  const manifests = [...base.manifests.filter((o) => o.kind !== "L2Advertisement"), ...metallbAdvertisements(plan)];
  return { ...base, plan, frrConf: renderFrrConfig(plan), manifests };
}

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
      for (const stack of ["dev", "prod", "ciliumlb", "gateway"]) writeOut(await runProgram(stack), path.join(root, stack));
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

describe("network lab: real daemons in namespaces", function () {
  this.timeout(60000);
  const missing = missingPrerequisites();

  before(function () {
    // Every stack's and every fault's `npm run lab` process starts now and runs while the
    // in-process lab tests below run (independent processes, namespaces and files).
    if (!missing.length) return startProcessRuns();
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

  /** Rendered out/ of each checked-in stack, once, in a temporary directory. */
  const renderRoot = fs.mkdtempSync(path.join(os.tmpdir(), "lab-render-"));
  const renders = new Map<string, Promise<string>>();
  // One program run at a time: the Pulumi mock runtime is process-global.
  let queue: Promise<unknown> = Promise.resolve();
  const rendered = (stack: string): Promise<string> => {
    if (!renders.has(stack)) {
      const next = queue.then(async () => {
        const dir = path.join(renderRoot, stack);
        writeOut(await runProgram(stack), dir);
        return dir;
      });
      queue = next.catch(() => undefined);
      renders.set(stack, next);
    }
    return renders.get(stack)!;
  };
  after(() => fs.rmSync(renderRoot, { recursive: true, force: true }));

  /**
   * The lab's bundle (`npm run lab` runs scripts/lab.ts through run-built.mjs), built once before
   * the concurrent runs start (each would otherwise build its own).
   */
  let bundle: Promise<unknown> | undefined;
  const labCommand = (args: string[]) => [path.join(PROJECT_DIR, "scripts", "run-built.mjs"), "scripts/lab.ts", ...args];
  const built = () =>
    (bundle ??= new Promise((resolve) =>
      spawn(process.execPath, labCommand([]), { cwd: PROJECT_DIR, stdio: "ignore" }).on("close", resolve),
    ));

  /** `npm run lab` as its own process (real parallelism: the lab's commands are synchronous). */
  async function labProcess(stack: string, input: Promise<string>, fault?: string) {
    const dir = await input;
    await built();
    const out = path.join(renderRoot, `${stack}-${fault ?? "run"}`);
    const args = ["--stack", stack, "--input", dir, "--out", out, ...(fault ? ["--fault", fault] : [])];
    const { code, output, pid } = await new Promise<{ code: number | null; output: string; pid: number }>((resolve) => {
      const child = spawn(process.execPath, labCommand(args), { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (c) => resolve({ code: c, output, pid: child.pid ?? 0 }));
    });
    const target = fault ? path.join(out, `fault-${fault}`) : out;
    const file = path.join(target, "lab-report.json");
    const report = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, "utf8")) as LabReport)
      : ({ pass: false, checks: [] } as unknown as LabReport);
    // No namespace of any run of this stack may be left by a process that is gone
    // (removeLeftovers would take them; here they must not exist).
    const runOf = (n: string) => n.slice(stackPrefix(stack).length).split("-")[0];
    const mine = `${process.pid.toString(36)}_`; // this test process's own in-process runs
    const left = namespacesWithPrefix(stackPrefix(stack)).filter((n) => !runOf(n).startsWith(mine) && isStaleRun(runOf(n), new Set()));
    assert.deepEqual(left, [], `the lab process ${pid} removed its namespaces`);
    return { stack, code, report, out: target, tail: output.split("\n").slice(-40).join("\n") };
  }

  const checkedIn = fs.readdirSync(PROJECT_DIR).flatMap((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1] ?? []);
  const stackRuns = new Map<string, ReturnType<typeof labProcess>>();
  const faultRuns = new Map<string, ReturnType<typeof labProcess>>();
  function startProcessRuns(): void {
    const start = (stack: string, fault?: string) => {
      const run = labProcess(stack, rendered(stack), fault);
      run.catch(() => undefined);
      return run;
    };
    for (const stack of checkedIn) stackRuns.set(stack, start(stack));
    for (const f of FAULTS) faultRuns.set(f.name, start(faultStack(f), f.name));
  }
  const faultRun = (name: string) => faultRuns.get(name)!;
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

  it("is safe to run twice in a row and removes namespaces a crashed run left behind", async () => {
    const stale = `${stackPrefix("fx-again")}zzzzzz_1-r`; // pid base 36 "zzzzzz" is not a live process
    execFileSync("ip", ["netns", "add", stale]);
    passes(await lab(staticInputs("fx-again")));
    passes(await lab(staticInputs("fx-again")));
  });

  it(`every checked-in stack (${checkedIn.join(", ")}) builds its twin and every flow does what it must, concurrently`, async function () {
    this.timeout(480000);
    const runs = await Promise.all(checkedIn.map((stack) => stackRuns.get(stack)!));
    const bad = runs.filter((r) => r.code !== 0 || !r.report.pass);
    assert.deepEqual(
      bad.map((r) => `${r.stack}: exit ${r.code}\n${r.tail}`),
      [],
      "every stack passes",
    );
    for (const r of runs) {
      const flows = r.report.flows ?? [];
      assert.ok(
        flows.some((f) => /kubelet/.test(f.flow)) && flows.some((f) => f.expect === "blocked"),
        `${r.stack}: positive and negative flows`,
      );
      // Budget: 60 s a stack alone; here all stacks and faults share the cores, so only report it.
      console.log(
        `    ${r.stack}: ${(r.report.durationMs / 1000).toFixed(1)} s with ${runs.length} stacks, ${FAULTS.length} fault runs and the in-process tests at once`,
      );
      assert.ok(fs.existsSync(path.join(r.out, "twin.md")), `${r.stack}: twin.md`);
    }
  });

  for (const f of FAULTS) {
    const stack = faultStack(f);
    it(`fault ${f.name} (${stack}): ${f.description} — the right flow fails at the right hop, flows off its path still pass`, async function () {
      this.timeout(480000);
      const r = await faultRun(f.name);
      const flows = r.report.flows ?? [];
      assert.equal(r.code, 0, `the twin did not catch ${f.name} where it must:\n${r.tail}`);
      for (const x of flows.filter((y) => /^pod on \S+ → pod on /.test(y.flow)))
        assert.ok(x.pass, `${x.flow} is off the fault's path and passes`);
      for (const x of flows.filter((y) => y.expect === "blocked")) assert.ok(x.pass, `${x.flow} stays blocked`);
      assert.ok(
        flows.some((x) => !x.pass),
        "something failed",
      );
    });
  }

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
