/**
 * Rename safety: components pass `opts.aliases` through to Pulumi (so they can be renamed or moved
 * without replacing what they manage), children are named after their component (so the engine's
 * inherited child aliases follow a rename), and Cilium CRs alias the other CRD version's type
 * token (so the 1.17 → 1.18 chart move is an update, not create-then-delete of the live object).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ciliumCrAliases } from "../components/k8s/cilium-aliases";
import { PROJECT_DIR, runProgram } from "../plan-runner/run-program";
import { ns, resource, runStack } from "./helpers/run-stack";
import { rawConfigOf } from "./helpers/raw-config";

const CILIUM_KINDS = ["CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumLoadBalancerIPPool"];
const isCiliumCr = (type: string) => /^kubernetes:cilium\.io\/v2(alpha1)?:/.test(type);

describe("rename safety: opts.aliases reach the engine", () => {
  it("renamed and moved components carry the aliases they were given", async () => {
    const run = await runProgram("dev", { entry: path.join(PROJECT_DIR, "test/fixtures/renamed-components.ts") });
    const old = String(rawConfigOf("dev").cluster.name);
    // The SDK fills an alias's unset parent with the resource's own parent (here the stack).
    const stack = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
    assert.deepEqual(resource(run, "eks-hybrid:network:HybridNetwork", "edge").aliases, [{ name: old, parent: stack }]);
    assert.deepEqual(resource(run, "eks-hybrid:cni:HybridCniRelease", "edge").aliases, [{ name: old, parent: stack }]);
    // A move: the alias says "no parent" (`pulumi.rootStackResource`: the old, top-level URN),
    // not the new `platform` parent.
    const cluster = resource(run, "eks-hybrid:cluster:HybridCluster", "edge");
    assert.equal(cluster.parent, "test:index:Platform::platform");
    assert.deepEqual(cluster.aliases, [{ name: old, noParent: true }]);
  });

  for (const stack of ["dev", "ciliumlb"]) {
    it(`${stack}: every child is named after its parent component, so a rename's inherited aliases reach it`, async () => {
      const run = await runStack(stack);
      const components = new Map(run.registrations.filter((r) => !r.custom).map((r) => [r.urn, r.name]));
      const children = run.registrations.filter((r) => r.parent && components.has(r.parent) && !r.parent.startsWith("pulumi:pulumi:Stack"));
      assert.ok(children.length > 20, `${children.length} children`);
      const strays = children
        .filter((r) => !r.name.startsWith(`${components.get(r.parent!)}-`))
        .map((r) => `${r.type}::${r.name} under ${r.parent}`);
      assert.deepEqual(strays, []);
    });
  }
});

describe("rename safety: Cilium CRs across the 1.17 → 1.18 CRD version move", () => {
  it("every Cilium CR of the 1.17 stack aliases the v2 token, and the 1.18 plan of the same objects finds it", async () => {
    const lb = rawConfigOf("ciliumlb");
    // One program at a time: the mock runtime is global.
    const v17 = await runStack("ciliumlb", { [ns("cni")]: { ...lb.cni, version: "1.17.6" } });
    const v18 = await runStack("ciliumlb");
    const crs17 = v17.registrations.filter((r) => isCiliumCr(r.type));
    const crs18 = v18.registrations.filter((r) => isCiliumCr(r.type));
    assert.deepEqual([...new Set(crs17.map((r) => r.type.split(":")[1]))], ["cilium.io/v2alpha1"]);
    assert.deepEqual([...new Set(crs18.map((r) => r.type.split(":")[1]))], ["cilium.io/v2"]);
    assert.deepEqual([...new Set(crs18.map((r) => r.type.split(":")[2]))].sort(), [...CILIUM_KINDS].sort());
    assert.deepEqual(crs18.map((r) => r.name).sort(), crs17.map((r) => r.name).sort());
    for (const after of crs18) {
      const before = crs17.find((r) => r.name === after.name)!;
      // Upgrade: the v2 resource answers for the v2alpha1 URN; rollback: the reverse.
      assert.deepEqual(
        after.aliases?.map((a) => a.type),
        [before.type],
        after.urn,
      );
      assert.deepEqual(
        before.aliases?.map((a) => a.type),
        [after.type],
        before.urn,
      );
    }
  });

  it("only Cilium CRs get a cilium.io version alias; Calico CRs get none", async () => {
    const ciliumAliasOn = (run: { registrations: readonly { type: string; aliases?: { type?: string }[] }[] }) =>
      run.registrations.filter((r) => r.aliases?.some((a) => a.type?.startsWith("kubernetes:cilium.io/"))).map((r) => r.type);
    const cilium = await runStack("ciliumlb");
    assert.ok(ciliumAliasOn(cilium).length > 0);
    assert.deepEqual(
      ciliumAliasOn(cilium).filter((t) => !isCiliumCr(t)),
      [],
    );
    const calico = await runStack("calicobgp");
    const calicoCrs = calico.registrations.filter((r) => r.type.startsWith("kubernetes:projectcalico.org/"));
    assert.ok(calicoCrs.length > 0);
    assert.deepEqual(
      calicoCrs.filter((r) => r.aliases),
      [],
    );
    assert.deepEqual(ciliumCrAliases({ apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy" }), []);
    assert.deepEqual(ciliumCrAliases({ apiVersion: "crd.projectcalico.org/v1", kind: "BGPPeer" }), []);
  });
});
