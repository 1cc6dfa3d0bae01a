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

/**
 * Whether bin/ is older than anything it is built from: a source file, a source folder (a file was
 * added or deleted) or the build's config. Make's rule: rebuilding costs a whole type-checked
 * program (@pulumi/aws's declarations alone take seconds to parse), so only when needed.
 */
function buildIsStale(): boolean {
  const info = path.join(PROJECT_DIR, "bin", ".tsbuildinfo");
  if (!fs.existsSync(info)) return true;
  const builtAt = fs.statSync(info).mtimeMs;
  const newer = (p: string) => fs.statSync(p).mtimeMs > builtAt;
  const walk = (dir: string): boolean =>
    newer(dir) ||
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p) : e.name.endsWith(".ts") && newer(p);
    });
  return (
    ["tsconfig.json", "tsconfig.build.json", "package.json"].some((f) => newer(path.join(PROJECT_DIR, f))) ||
    ["components", "stacks"].some((d) => walk(path.join(PROJECT_DIR, d)))
  );
}

describe("library build", function () {
  // The package's own build (`npm run build`, which `npm ci` already ran as `prepare`): incremental,
  // so it re-emits only what changed since, and its build info lives in bin/ so that deleting
  // bin/ rebuilds everything.
  const outDir = path.join(PROJECT_DIR, "bin");
  /** A package path (`./bin/...`) inside the build. */
  const built = (p: string) => path.join(outDir, path.relative("bin", path.normalize(p)));
  let lib: Record<string, any>;

  before(function () {
    if (buildIsStale()) {
      this.timeout(300_000);
      const tsc = require.resolve("typescript/bin/tsc");
      execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: PROJECT_DIR, stdio: "pipe" });
      // tsc leaves its build info untouched when only timestamps changed: mark the build as current.
      const now = new Date();
      fs.utimesSync(path.join(outDir, ".tsbuildinfo"), now, now);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built JS, loaded as a consumer would
    lib = require(built(pkg.exports["."].default));
  });

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
    assert.deepEqual(
      fs
        .readdirSync(outDir)
        .filter((f) => !f.endsWith(".tsbuildinfo"))
        .sort(),
      ["components", "stacks"],
    );
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
