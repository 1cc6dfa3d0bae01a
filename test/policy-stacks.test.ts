/**
 * The pack passes on what the real program registers for every checked-in stack, on the
 * hand-written hybrid stacks, and skips values that are unknown during preview.
 */
import { policies } from "../policy/policies";
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatViolations, runPolicies } from "../policy/harness";
import { SENTINELS } from "../policy/lib/props";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { calicoStack, ciliumStack, mutate } from "./helpers/policy-fixtures";
import { runStack } from "./helpers/run-stack";

const stacks = fs.readdirSync(PROJECT_DIR).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);

describe("policy pack on the checked-in stacks", () => {
  it("finds the checked-in stacks", () => assert.ok(stacks.includes("dev") && stacks.includes("prod")));

  for (const stack of stacks) {
    it(`${stack}: every policy passes on what the program registers`, async () => {
      const run = await runStack(stack);
      const report = await runPolicies(run.registrations, { stack });
      assert.equal(report.resources, run.registrations.filter((r) => r.custom).length);
      assert.equal(report.results.length, policies.length, "every policy of the pack ran");
      assert.deepEqual(formatViolations(report), []);
      assert.equal(report.mandatoryFailures, 0);
      // The program's own cluster is found with its subnets, route tables and security groups.
      for (const p of ["cidr-non-overlap", "remote-cidrs-routable", "no-world-open-control-ports", "hybrid-access-entry"])
        assert.equal(report.results.find((r) => r.policy === p)?.status, "passed", `${p} applies to the program's cluster`);
    });
  }
});

describe("policy pack on hand-written hybrid stacks", () => {
  for (const [name, make] of [
    ["cilium", ciliumStack],
    ["calico", calicoStack],
  ] as const) {
    it(`${name}: every policy passes, and the stack policies apply`, async () => {
      const report = await runPolicies(make());
      assert.deepEqual(formatViolations(report), []);
      const applied = report.results.filter((r) => r.kind === "stack" && r.status === "passed").map((r) => r.policy);
      for (const p of [
        "cidr-non-overlap",
        "pod-pools-in-remote-pod-network",
        "lb-pools-in-node-network",
        "remote-cidrs-routable",
        "bgp-asn-consistent",
        "hybrid-access-entry",
      ]) {
        assert.ok(
          applied.includes(p),
          `${p} applied (${JSON.stringify(report.results.map((r) => [r.policy, r.status, r.notApplicable]))})`,
        );
      }
    });
  }

  it("a stack with no hybrid cluster leaves the stack policies not applicable", async () => {
    const report = await runPolicies(ciliumStack().filter((r) => r.type !== "aws:eks/cluster:Cluster"));
    const na = report.results.filter((r) => r.status === "not-applicable").map((r) => r.policy);
    for (const p of ["cidr-non-overlap", "pod-pools-in-remote-pod-network", "remote-cidrs-routable"]) assert.ok(na.includes(p), p);
  });
});

describe("policy pack in preview: unknown values are skipped, not failed", () => {
  it("uses the engine's unknown sentinels", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    const engine = Object.entries(proxy)
      .filter(([k]) => /^unknown\w+Value$/.test(k))
      .map(([, v]) => v as string);
    assert.equal(engine.length, 7);
    for (const v of engine) assert.ok(SENTINELS.has(v), `sentinel ${v}`);
  });

  const unknownCases: [string, () => ReturnType<typeof ciliumStack>][] = [
    [
      "an unknown remote pod CIDR",
      () => mutate(ciliumStack(), "hybrid-dev", (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["<unknown>"])),
    ],
    ["an unknown remoteNetworkConfig", () => mutate(ciliumStack(), "hybrid-dev", (i) => (i.remoteNetworkConfig = "<unknown>"))],
    [
      "an unknown service CIDR and endpoint",
      () => mutate(ciliumStack(), "hybrid-dev", (i) => ((i.kubernetesNetworkConfig = "<unknown>"), (i.vpcConfig = "<unknown>"))),
    ],
    ["an unknown IRSA trust policy", () => mutate(ciliumStack(), "hybrid-dev-lbc-role", (i) => (i.assumeRolePolicy = "<unknown>"))],
    ["unknown Cilium values", () => mutate(ciliumStack(), "hybrid-dev-cilium", (i) => (i.values = "<unknown>"))],
    [
      "an unknown route table and TGW id",
      () =>
        mutate(ciliumStack(), "hybrid-dev-private-b-rt-pod", (i) => ((i.routeTableId = "<unknown>"), (i.transitGatewayId = "<unknown>"))),
    ],
    ["an unknown LB pool address", () => mutate(ciliumStack(), "hybrid-dev-lb-pool", (i) => (i.spec.blocks = ["<unknown>"]))],
    [
      "an unknown peer ASN",
      () => mutate(ciliumStack(), "hybrid-dev-cilium-bgp", (i) => (i.spec.bgpInstances[0].peers[0].peerASN = "<unknown>")),
    ],
  ];
  for (const [name, make] of unknownCases) {
    it(`${name}: no violation`, async () => assert.deepEqual(formatViolations(await runPolicies(make())), []));
  }
});

describe("policy pack config", () => {
  const open443 = () =>
    mutate(ciliumStack(), "hybrid-dev-cluster-sg", (i) =>
      i.ingress.push({ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] }),
    );

  it("ports are a parameter", async () => {
    assert.deepEqual(formatViolations(await runPolicies(open443())), []);
    const report = await runPolicies(open443(), { config: { "no-world-open-control-ports": { ports: [8443] } } });
    assert.match(formatViolations(report).join("\n"), /0\.0\.0\.0\/0 port 8443 opens 8443/);
  });

  it("an advisory level is reported but not counted as a mandatory failure; disabled skips", async () => {
    const bad = mutate(ciliumStack(), "hybrid-dev", (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["192.16.32.0/23"]));
    const advisory = await runPolicies(bad, { config: { all: "advisory" } });
    assert.ok(advisory.results.some((r) => r.status === "failed"));
    assert.equal(advisory.mandatoryFailures, 0);
    const disabled = await runPolicies(bad, {
      config: { "remote-cidrs-private": "disabled", "cidr-non-overlap": { enforcementLevel: "disabled" } },
    });
    assert.equal(disabled.results.find((r) => r.policy === "remote-cidrs-private")!.status, "disabled");
  });

  it("eBGP designs can turn the route-reflector check off", async () => {
    const ebgp = mutate(ciliumStack(), "hybrid-dev-cilium-bgp", (i) => (i.spec.bgpInstances[0].localASN = 65010));
    assert.equal((await runPolicies(ebgp)).results.find((r) => r.policy === "bgp-asn-consistent")!.status, "failed");
    const off = await runPolicies(ebgp, { config: { "bgp-asn-consistent": { requireIbgp: false } } });
    assert.equal(off.results.find((r) => r.policy === "bgp-asn-consistent")!.status, "passed");
  });
});

describe("npm run plan writes the policy report", () => {
  it("out/dev/policy-report.json holds each policy's result", () => {
    execFileSync(process.execPath, [require.resolve("tsx/cli"), "scripts/plan.ts", "--stack", "dev"], { cwd: PROJECT_DIR, stdio: "pipe" });
    const report = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "out", "dev", "policy-report.json"), "utf8"));
    assert.equal(report.stack, "dev");
    const modules = fs
      .readdirSync(path.join(PROJECT_DIR, "policy", "policies"))
      .filter((f) => f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    assert.deepEqual(report.results.map((r: { policy: string }) => r.policy).sort(), modules.sort());
    assert.equal(report.mandatoryFailures, 0);
  });
});
