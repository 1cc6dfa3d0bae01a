/**
 * Version bumps under mocks: Helm never upgrades CRDs (https://helm.sh/docs/chart_best_practices/custom_resource_definitions/),
 * so the program applies the CRDs of the planned version itself, before the release:
 * - Calico: tigera-operator's `manifests/operator-crds.yaml` of the version (Calico's Helm upgrade
 *   step, https://docs.tigera.io/calico/latest/operations/upgrading/kubernetes-upgrade);
 * - AWS Load Balancer Controller: `helm/aws-load-balancer-controller/crds/crds.yaml` at the
 *   controller tag (upstream issue #4555);
 * - Cilium: `upgradeCompatibility` = the first installed version (EKS hybrid nodes CNI page);
 *   cilium-operator registers its CRDs itself.
 * A bump must update the same CRD resource in place (same name, new file): a new name would make
 * Pulumi delete the old CRDs, and with them every custom resource.
 */
import { strict as assert } from "node:assert";
import { Registration } from "../plan-runner/mocks";
import { ProgramRun } from "../plan-runner/run-program";
import { ns, ofType, runStack } from "./helpers/run-stack";
import { rawConfigOf } from "./helpers/raw-config";

const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const byName = (run: ProgramRun, type: string, suffix: string): Registration => {
  const found = ofType(run, type).filter((r) => r.name.endsWith(suffix));
  assert.equal(found.length, 1, `${type} *${suffix}`);
  return found[0];
};
const dependsOn = (r: Registration, on: Registration) => (r.dependencies ?? []).includes(`${on.type}::${on.name}`);

describe("upgrades: CRDs before the release, keyed on the version", () => {
  it("Calico 3.29.2 → 3.30.3: the operator CRDs of the new version, same resource, applied before the release", async () => {
    const before = await runStack("calicobgp");
    const after = await runStack("calicobgp", { [ns("cni")]: { ...rawConfigOf("calicobgp").cni, version: "3.30.3" } });
    const [crds0, crds1] = [before, after].map((r) => byName(r, CONFIG_FILE, "-calico-operator-crds"));
    assert.equal(crds0.name, crds1.name, "a bump updates the CRDs in place (a rename would delete them)");
    assert.equal(crds0.inputs.file, "https://raw.githubusercontent.com/projectcalico/calico/v3.29.2/manifests/operator-crds.yaml");
    assert.equal(crds1.inputs.file, "https://raw.githubusercontent.com/projectcalico/calico/v3.30.3/manifests/operator-crds.yaml");
    for (const run of [before, after]) {
      const rel = byName(run, RELEASE, "-calico");
      assert.equal(rel.inputs.skipCrds, true, "the release does not own the CRDs");
      assert.ok(dependsOn(rel, byName(run, CONFIG_FILE, "-calico-operator-crds")), "the CRDs go first");
    }
    assert.equal(byName(after, RELEASE, "-calico").inputs.version, "3.30.3");
  });

  it("AWS Load Balancer Controller chart 1.14.1 → 3.5.0: the controller's CRDs of v2.14.1, then v3.5.0, before the release", async () => {
    const lb = (version: string) => ({ ...rawConfigOf("cilium117").loadBalancing, awsLoadBalancerController: { enabled: true, version } });
    const before = await runStack("cilium117", { [ns("loadBalancing")]: lb("1.14.1") });
    const after = await runStack("cilium117", { [ns("loadBalancing")]: lb("3.5.0") });
    const base = "https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller";
    const [c0, c1] = [before, after].map((r) => byName(r, CONFIG_FILE, "-aws-lb-controller-crds"));
    assert.equal(c0.name, c1.name);
    assert.equal(c0.inputs.file, `${base}/v2.14.1/helm/aws-load-balancer-controller/crds/crds.yaml`);
    assert.equal(c1.inputs.file, `${base}/v3.5.0/helm/aws-load-balancer-controller/crds/crds.yaml`);
    for (const run of [before, after]) {
      const rel = byName(run, RELEASE, "-aws-lb-controller-release");
      assert.equal(rel.inputs.skipCrds, true);
      assert.ok(dependsOn(rel, byName(run, CONFIG_FILE, "-aws-lb-controller-crds")));
    }
    const policy = (run: ProgramRun) => ofType(run, "aws:iam/policy:Policy").find((p) => p.name.includes("aws-lb-controller"))!;
    assert.match(String(policy(before).inputs.description), /v2\.14\.1/);
    assert.match(String(policy(after).inputs.description), /v3\.5\.0/);
  });

  it("Cilium 1.17.9-0 → 1.18.3-0: upgradeCompatibility 1.17, BGP objects move to cilium.io/v2, no CRD file (the operator owns them)", async () => {
    const cni = { ...rawConfigOf("cilium117").cni, version: "1.18.3-0", firstInstalledVersion: "1.17.9-0" };
    const run = await runStack("cilium117", { [ns("cni")]: cni });
    const rel = byName(run, RELEASE, "-cilium");
    assert.equal((rel.inputs.values as any).upgradeCompatibility, "1.17");
    assert.equal(rel.inputs.version, "1.18.3-0");
    assert.ok(ofType(run, "kubernetes:cilium.io/v2:CiliumBGPClusterConfig").length === 1);
    assert.ok(!ofType(run, CONFIG_FILE).some((r) => r.parent?.startsWith("eks-hybrid:cni:")), "no CRD file for Cilium");
  });
});
