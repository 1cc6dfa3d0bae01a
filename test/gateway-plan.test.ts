/**
 * Pod routing modes in the plan: `cni.podRouting` and its older name `cni.routing`, the
 * prerequisites of `gateway` and the refusals of `none`, all reported at once.
 *
 * Expected values come from AWS, not from the code under test:
 * - minimum AWS Cilium builds with VTEP 1.17.13-1 / 1.18.8-1 / 1.19.2-1, `vtep.enabled: true`,
 *   `l7Proxy: false`: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-cni.html
 * - at least two gateway nodes, subnets in different AZs, the chart's required values, UDP 8472
 *   both ways: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { formatProblem, planFromRawConfig, versionAtLeast } from "../components/plan";
import { renderCiliumValues } from "../components/render/cni/cilium-values";
import { renderFrrConfig } from "../components/render/router";
import { firewallFlows } from "../components/render/firewall";
import { renderGatewayValues } from "../components/render/gateway";
import { editedConfig } from "./helpers/raw-config";
import { planFor } from "./helpers/plan-for";

function errors(stack: string, edit: (c: Record<string, any>) => void): string[] {
  const r = planFromRawConfig(editedConfig(stack, edit));
  return r.problems.filter((p) => (p.severity ?? "error") === "error").map(formatProblem);
}

function expectAll(lines: string[], ...patterns: RegExp[]): void {
  for (const re of patterns)
    assert.ok(
      lines.some((l) => re.test(l)),
      `expected a problem matching ${re}; got:\n${lines.join("\n") || "(none)"}`,
    );
}

describe("pod routing modes (plan)", () => {
  it("the gateway and nopodroute stacks plan without problems", () => {
    assert.deepEqual(
      errors("gateway", () => {}),
      [],
    );
    assert.deepEqual(
      errors("nopodroute", () => {}),
      [],
    );
  });

  it("cni.routing still works as the older name, and a contradiction with podRouting is an error", () => {
    assert.equal(planFor("prod").cni.routing, "bgp");
    assert.deepEqual(
      errors("prod", (c) => (c.cni.podRouting = "bgp")),
      [],
    );
    expectAll(
      errors("prod", (c) => (c.cni.podRouting = "gateway")),
      /^cni\.routing: bgp contradicts cni\.podRouting: gateway/,
    );
    expectAll(
      errors("prod", (c) => delete c.cni.routing),
      /^cni\.podRouting: \(missing\) is required/,
    );
  });

  it("gateway: every unmet prerequisite at once (Calico)", () => {
    expectAll(
      errors("gateway", (c) => {
        c.cni.kind = "calico";
        c.cni.version = "3.29.2";
        delete c.cni.chartRepository;
      }),
      /^cni\.kind: calico cannot be used with podRouting: gateway/,
    );
  });

  it("gateway: upstream Cilium, a version without VTEP, one node, one AZ, no NAT — five problems in one report", () => {
    const lines = errors("gateway", (c) => {
      c.cni.chartRepository = "https://helm.cilium.io";
      c.cni.version = "1.18.7-1";
      c.cni.gateway.nodeCount = 1;
      c.vpc.availabilityZones = ["us-west-2a"];
      c.vpc.natGateways = "none";
    });
    expectAll(
      lines,
      /^cni\.chartRepository: https:\/\/helm\.cilium\.io is not AWS's Cilium build/,
      /^cni\.version: 1\.18\.7-1 has no VTEP support; .*1\.17\.13-1, 1\.18\.8-1, 1\.19\.2-1/,
      /^cni\.gateway\.nodeCount: 1 must be at least 2/,
      /^vpc\.azCount: 1 gives the gateway nodes fewer than 2 availability zones/,
      /^vpc\.natGateways: none leaves the gateway nodes/,
    );
  });

  it("gateway: the ALB controller needs the chart that targets hybrid pods (1.14.1+)", () => {
    expectAll(
      errors("gateway", (c) => (c.loadBalancing = { awsLoadBalancerController: { enabled: true, version: "1.11.0" } })),
      /^loadBalancing\.awsLoadBalancerController\.version: 1\.11\.0 cannot target pods on hybrid nodes/,
    );
  });

  it("cni.gateway outside gateway mode is an error", () => {
    expectAll(
      errors("nopodroute", (c) => (c.cni.gateway = { nodeCount: 2 })),
      /^cni\.gateway: \(set\) applies only with cni\.podRouting: gateway \(is none\)/,
    );
  });

  it("none: webhook add-ons are placed on cloud nodes, not refused; what needs a hybrid pod reachable is, all at once", () => {
    // https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html: "If you cannot
    // make your on-premises pod CIDR routable ... run webhooks on EC2 instances in the same EKS
    // cluster"; "the IP target(s) used with the ALB or NLB must be routable from AWS".
    const lb = {
      awsLoadBalancerController: { enabled: true, version: "1.14.1" },
      metallb: { enabled: true, addressPools: [{ name: "p", addresses: ["192.168.200.201-192.168.200.210"] }] },
    };
    assert.deepEqual(
      errors("nopodroute", (c) => (c.loadBalancing = { ...lb, demoApps: false })),
      [],
      "the ALB controller and MetalLB run on the cloud nodes",
    );
    const lines = errors("nopodroute", (c) => {
      c.cni = { kind: "calico", version: "3.29.2", podRouting: "none" };
      c.vpc.natGateways = "none";
      c.loadBalancing = { ...lb, demoApps: true };
    });
    // Calico itself is not refused: it runs without its API server (mixed-cluster.test.ts).
    assert.ok(!lines.some((l) => l.startsWith("cni.kind")), lines.join("\n"));
    expectAll(
      lines,
      /^loadBalancing\.demoApps: true needs pod reachability: the 2048 demo's ALB sends to its pods on hybrid nodes \(target-type ip\)/,
      /^vpc\.natGateways: none leaves the cloud nodes that run the webhooks/,
    );
  });

  it("cni.cloudNodes: only with none or gateway, at least one node", () => {
    expectAll(
      errors("dev", (c) => (c.cni.cloudNodes = { nodeCount: 2 })),
      /^cni\.cloudNodes: \(set\) applies only with cni\.podRouting: none or gateway \(is static\)/,
    );
    expectAll(
      errors("nopodroute", (c) => (c.cni.cloudNodes = { nodeCount: 0 })),
      /^cni\.cloudNodes\.nodeCount: 0 must be at least 1/,
    );
    assert.deepEqual(
      errors("gateway", (c) => (c.cni.cloudNodes = {})),
      [],
    );
  });

  it("gateway plan: Cilium VTEP values, no on-prem pod routes, no BGP, the chart's required values", () => {
    const plan = planFor("gateway");
    const values = renderCiliumValues(plan);
    assert.deepEqual(values.vtep, { enabled: true });
    assert.equal(values.l7Proxy, false);
    assert.deepEqual(values.bgpControlPlane, { enabled: false });
    assert.deepEqual(plan.onPremRoutes, []);
    const frr = renderFrrConfig(plan);
    assert.doesNotMatch(frr, /192\.168\.3[23]\./, "the router carries no pod routes");
    assert.doesNotMatch(frr, /router bgp/, "no BGP for pods");
    const gw = renderGatewayValues(plan, ["rtb-a", "rtb-b"]);
    assert.equal(gw.vpcCIDR, "10.250.0.0/16");
    assert.equal(gw.podCIDRs, "192.168.32.0/23");
    assert.equal(gw.routeTableIDs, "rtb-a,rtb-b");
    assert.deepEqual(gw.autoMode, { enabled: false }, "managed node groups, not Auto Mode");
    const udp = firewallFlows(plan).filter((f) => f.port === "8472" && f.protocol === "UDP" && f.flowId.startsWith("gateway-"));
    assert.equal(udp.length, 2, "UDP 8472 to and from the gateway nodes");
    const privateSubnets = plan.vpc.mode === "create" ? plan.vpc.availabilityZones.map((az) => az.privateSubnetCidr).join(", ") : "";
    assert.deepEqual(
      udp.map((f) => [f.source, f.destination]),
      [
        ["192.168.200.0/24", privateSubnets],
        [privateSubnets, "192.168.200.0/24"],
      ],
    );
  });

  it("other modes render no VTEP values", () => {
    const values = renderCiliumValues(planFor("nopodroute"));
    assert.equal(values.vtep, undefined);
    assert.equal(values.l7Proxy, undefined);
  });
});

describe("versionAtLeast (AWS Cilium build numbers)", () => {
  // Oracle: compare the four numbers as a tuple, written independently of the implementation.
  const tuple = fc.tuple(fc.nat(3), fc.nat(30), fc.nat(20), fc.nat(5));
  const text = ([a, b, c, d]: number[]) => `${a}.${b}.${c}-${d}`;
  const geq = (x: number[], y: number[]) => {
    const i = x.findIndex((v, k) => v !== y[k]);
    return i === -1 || x[i] > y[i];
  };
  it("agrees with tuple order", () => {
    fc.assert(fc.property(tuple, tuple, (x, y) => versionAtLeast(text(x), text(y)) === geq(x, y)));
  });
  it("an upstream version (no build number) is below every AWS build of the same patch", () => {
    assert.equal(versionAtLeast("1.18.8", "1.18.8-1"), false);
    assert.equal(versionAtLeast("1.18.8-1", "1.18.8-1"), true);
    assert.equal(versionAtLeast("1.18.9-0", "1.18.8-1"), true);
  });
});
