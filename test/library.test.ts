/**
 * The package as a library: `tsconfig.build.json` compiles components/ and stacks/ to JS + d.ts,
 * `package.json` points `main`/`types`/`exports` at that build, and the built entry exports the
 * components, the plan API and the renderers that another Pulumi project imports.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { rawConfigOf } from "./helpers/raw-config";

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));

describe("library build", function () {
  this.timeout(120_000);
  // Inside the repo (out/ is ignored) so the build resolves @pulumi/* from node_modules like bin/ does.
  const outDir = path.join(PROJECT_DIR, "out", `.library-test-${process.pid}`);
  /** A package path (`./bin/...`) inside the test build. */
  const built = (p: string) => path.join(outDir, path.relative("bin", path.normalize(p)));
  let lib: Record<string, any>;

  before(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    const tsc = require.resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: PROJECT_DIR, stdio: "pipe" });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built JS, loaded as a consumer would
    lib = require(built(pkg.exports["."].default));
  });
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it("package.json's main, types and exports all name files the build writes", () => {
    assert.equal(path.normalize(pkg.main), path.normalize(pkg.exports["."].default));
    assert.equal(path.normalize(pkg.types), path.normalize(pkg.exports["."].types));
    for (const p of [pkg.main, pkg.types]) {
      assert.match(p, /^(\.\/)?bin\//);
      assert.ok(fs.existsSync(built(p)), `${p} is built`);
    }
    assert.ok(pkg.scripts.prepare?.includes("build") || pkg.scripts.prepack?.includes("build"), "packing builds the library");
  });

  it("compiles only the library sources (components/, stacks/), never tests, scripts or the policy pack", () => {
    assert.deepEqual(fs.readdirSync(outDir).sort(), ["components", "stacks"]);
    for (const f of pkg.files) assert.ok(f.startsWith("bin/components") || f.startsWith("bin/stacks") || f === "README.md", f);
  });

  it("the Pulumi program stays index.ts, not the library entry", () => {
    const project = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
    assert.match(project, /^main: index\.ts$/m);
  });

  it("exports the four components as ComponentResource classes", () => {
    for (const name of ["HybridNetwork", "HybridCluster", "HybridCniRelease", "LoadBalancing"]) {
      assert.equal(typeof lib[name], "function", name);
      assert.ok(lib[name].prototype instanceof pulumi.ComponentResource, `${name} extends ComponentResource`);
    }
  });

  it("the declarations carry the components' Args types and the plan types", () => {
    const dts = fs.readFileSync(built(pkg.types), "utf8");
    for (const t of ["HybridNetworkArgs", "HybridClusterArgs", "HybridCniReleaseArgs", "LoadBalancingArgs"])
      assert.match(dts, new RegExp(`\\b${t}\\b`));
    const planDts = fs.readFileSync(path.join(outDir, "components/plan/network-plan.d.ts"), "utf8");
    assert.match(planDts, /export interface NetworkPlan\b/);
  });

  it("the built plan API plans a checked-in stack's config, and its rules reject a bad one", () => {
    const plan = lib.buildPlan(rawConfigOf("dev"));
    assert.equal(plan.cluster.name, rawConfigOf("dev").cluster.name);
    assert.equal(plan.nodes.length, rawConfigOf("dev").nodes.length);
    const bad = lib.planFromRawConfig({ ...rawConfigOf("dev"), onPrem: { ...rawConfigOf("dev").onPrem, podCidrs: ["8.8.0.0/16"] } });
    assert.equal(bad.plan, undefined);
    assert.ok(bad.problems.some((p: { key: string }) => p.key.startsWith("onPrem.podCidrs")));
    for (const rule of ["checkRemoteCidrs", "formatProblem"]) assert.equal(typeof lib[rule], "function", rule);
  });

  it("exports the pure renderers, which render the plan", () => {
    const plan = lib.buildPlan(rawConfigOf("dev"));
    for (const f of [
      "renderArtifacts",
      "renderVyosConfig",
      "renderFrrConfig",
      "renderFirewall",
      "renderNodeadmFiles",
      "renderCniRelease",
      "renderCalicoValues",
      "renderCiliumBgpResources",
      "metallbValues",
      "ciliumLbIpamObjects",
    ]) {
      assert.equal(typeof lib[f], "function", f);
    }
    const artifacts = lib.renderArtifacts(plan);
    assert.ok(Object.keys(artifacts).includes("router/vyos.conf"));
    assert.equal(lib.renderCniRelease(plan).name, plan.cni.kind === "calico" ? "calico" : "cilium");
  });
});
