import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStack, ns } from "./helpers/run-stack";

const stacks = fs
  .readdirSync(path.resolve(__dirname, ".."))
  .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
  .map((f) => f.slice(7, -5));

describe("checked-in stacks under mocks", () => {
  for (const stack of stacks) {
    it(`${stack} registers its components under the stack root`, async () => {
      const run = await runStack(stack);
      const types = run.registrations.map((r) => r.type);
      assert.equal(types[0], "pulumi:pulumi:Stack");
      for (const t of [
        "eks-hybrid:network:HybridNetwork",
        "eks-hybrid:cluster:HybridCluster",
        "eks-hybrid:cni:HybridCniRelease",
        "eks-hybrid:lb:LoadBalancing",
      ]) {
        assert.ok(types.includes(t), `${stack} registers ${t}`);
      }
      for (const r of run.registrations.slice(1)) assert.ok(r.parent, `${r.type}::${r.name} has a parent`);
    });
  }

  it("a public pod CIDR stops the program with messages naming it", async () => {
    const run = runStack("dev", {
      [ns("onPrem")]: { nodeCidrs: ["192.168.200.0/24"], podCidrs: ["192.16.32.0/23"], customerGatewayIp: "203.0.113.10" },
    });
    await assert.rejects(run, (e: Error) => {
      assert.match(e.message, /onPrem\.podCidrs\[0\]: 192\.16\.32\.0\/23 is public/);
      assert.match(e.message, /nothing was created/);
      return true;
    });
  });
});
