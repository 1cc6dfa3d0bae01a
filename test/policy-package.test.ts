/**
 * The pack as `pulumi policy publish` ships it (`test/helpers/policy-analyzer.ts`: `npm pack`,
 * unpacked in a clean folder with only @pulumi/policy and @pulumi/pulumi linked in, served the
 * way the Pulumi CLI runs a policy pack) and asked to judge resources over the analyzer protocol.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ciliumStack, mutate } from "./helpers/policy-fixtures";
import { PackedPack, startPackedPack } from "./helpers/policy-analyzer";
import { policies } from "../policy/policies";

describe("policy pack as published", function () {
  this.timeout(120000);
  let pack: PackedPack;

  before(async () => (pack = await startPackedPack()));
  after(() => pack?.stop());

  it("holds only the bundle, PulumiPolicy.yaml, README.md and package.json", () => {
    const files = execFileSync("find", [".", "-type", "f", "-not", "-path", "./node_modules/*"], { cwd: pack.dir, encoding: "utf8" })
      .trim()
      .split("\n")
      .sort();
    assert.deepEqual(files, ["./PulumiPolicy.yaml", "./README.md", "./dist/index.js", "./package.json"]);
    const bundle = fs.readFileSync(path.join(pack.dir, "dist", "index.js"), "utf8");
    const requires = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].filter(
      (m) => !m.startsWith("node:") && !["fs", "path", "os", "net", "util", "crypto"].includes(m),
    );
    assert.deepEqual(requires, ["@pulumi/policy"], "everything but @pulumi/policy is bundled");
  });

  it("serves the analyzer the way the Pulumi CLI runs it, with all policies", async () => {
    const info = await pack.info();
    assert.equal(info.getName(), "eks-hybrid-network");
    assert.deepEqual(
      info.getPoliciesList().map((p: any) => p.getName()),
      policies.map((p) => p.name),
    );
    assert.ok(info.getPoliciesList().every((p: any) => p.getEnforcementlevel() === 1 /* MANDATORY */));
  });

  it("a resource policy fails the article's pod CIDR", async () => {
    const stack = mutate(ciliumStack(), "hybrid-dev", (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["192.16.32.0/23"]));
    const messages = (await pack.run(stack.filter((r) => r.name === "hybrid-dev"))).map((d) => `${d.policy}: ${d.message}`);
    assert.ok(
      messages.some(
        (m) =>
          m.startsWith("remote-cidrs-private: hybrid-dev (aws:eks/cluster:Cluster): ") &&
          m.includes("192.16.32.0/23 is public (not RFC 1918 or 100.64.0.0/10)"),
      ),
      messages.join("\n"),
    );
  });

  it("a stack policy fails a load balancer pool outside the node network, once", async () => {
    const stack = mutate(ciliumStack(), "hybrid-dev-lb-pool", (i) => (i.spec.blocks = [{ cidr: "10.0.0.0/28" }]));
    const messages = (await pack.run(stack)).map((d) => `${d.policy}: ${d.message}`);
    assert.ok(
      messages.some((m) => m.startsWith("lb-pools-in-node-network: ") && m.includes("10.0.0.0/28 is not inside the remote node CIDRs")),
      messages.join("\n"),
    );
    assert.equal(messages.length, 1, messages.join("\n"));
  });
});
