/**
 * `phase: network` (first deployment): the AWS side, the cluster and the node credentials, but no
 * Kubernetes resources, so `pulumi up` cannot wait on a CNI for nodes that have not joined yet.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ns, ofType, runStack } from "./helpers/run-stack";

const value = <T>(o: unknown) => new Promise<T>((r) => (o as pulumi.Output<T>).apply((v) => r(v)));
const kubernetes = (run: Awaited<ReturnType<typeof runStack>>) =>
  run.registrations.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.type);

describe("phase: network (bring-up) and full", () => {
  for (const stack of ["dev", "prod", "ciliumlb"]) {
    it(`${stack}: phase network registers no Kubernetes resource, only the provider, and outputs the nodeadm configs`, async () => {
      const full = await runStack(stack);
      assert.ok(kubernetes(full).length > 0, "full phase applies the CNI");
      const run = await runStack(stack, { [ns("phase")]: "network" });
      assert.deepEqual(kubernetes(run), []);
      assert.equal(ofType(run, "pulumi:providers:kubernetes").length, 1);
      assert.equal(ofType(run, "eks-hybrid:cni:HybridCniRelease").length, 0);
      assert.equal(ofType(run, "eks-hybrid:lb:LoadBalancing").length, 0);
      assert.ok(ofType(run, "aws:ec2/vpnConnection:VpnConnection").length === 1);
      assert.deepEqual(Object.keys(run.outputs).sort(), Object.keys(full.outputs).sort(), "the same outputs in both phases");
      const configs = await value<Record<string, string>>(run.rawOutputs.nodeadmConfigs);
      const doc = parse(configs["nodeadm/node-01.yaml"]);
      assert.equal(doc.kind, "NodeConfig");
      assert.ok(doc.spec.hybrid.ssm.activationCode.endsWith(".activationCode>"), "the real (mock) activation code");
    });
  }

  it("rejects an unknown phase, naming the choices", async () => {
    await assert.rejects(runStack("dev", { [ns("phase")]: "cluster" }), /phase: "?cluster"? .*network.*full/);
  });
});
