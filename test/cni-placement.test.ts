/**
 * The CNI in mixed clusters, and Calico with `podRouting: none` (caliconone stack, mocks).
 *
 * Expected values are AWS's and the upstream schemas', written out here rather than read from the
 * code under test:
 * - https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html: "The Amazon VPC CNI is
 *   not compatible with hybrid nodes" (it runs on the cloud nodes); AWS's Cilium values pin the agent
 *   and the operator with `nodeAffinity … eks.amazonaws.com/compute-type In [hybrid]`, its Calico
 *   values put `nodeSelector: {eks.amazonaws.com/compute-type: hybrid}` on calicoNodeDaemonSet,
 *   csiNodeDriverDaemonSet, calicoKubeControllersDeployment, typhaDeployment and
 *   `controlPlaneNodeSelector`;
 * - the Installation CRD (/work/shared/reference/crds/calico/operator.tigera.io_installations_crd.yaml)
 *   lists the operator's per-component overrides: every Linux one must be pinned (a component the
 *   CRD adds later fails this test until the renderer pins it);
 * - tigera-operator values.yaml (…/helm/tigera-operator/3.29.2/values.yaml): `apiServer.enabled`
 *   (default true) installs the Calico API server, the aggregated API `v3.projectcalico.org` the
 *   control plane calls on a pod IP (port 5443).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { parse } from "yaml";
import { ProgramRun } from "../plan-runner/run-program";
import { planFor } from "./helpers/plan-for";
import { ofType, resource, runStack } from "./helpers/run-stack";
import { planFromRawConfig } from "../components/plan";
import { renderCalicoBgpResources, renderCalicoValues } from "../components/render/cni";
import { rawConfigOf } from "./helpers/raw-config";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const HYBRID = { key: "eks.amazonaws.com/compute-type", value: "hybrid" };
const INSTALLATION_CRD = "/work/shared/reference/crds/calico/operator.tigera.io_installations_crd.yaml";

/** True when a pod template's scheduling admits only hybrid nodes (independent of the renderer's helpers). */
function onlyOnHybrid(s: { nodeSelector?: Record<string, string>; affinity?: any } | undefined): boolean {
  if (s?.nodeSelector?.[HYBRID.key] === HYBRID.value) return true;
  const terms: any[] = s?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  // Terms are ORed: each one must require compute-type In [hybrid] (and nothing else for that key).
  return (
    terms.length > 0 &&
    terms.every((t) =>
      (t.matchExpressions ?? []).some(
        (e: any) => e.key === HYBRID.key && e.operator === "In" && e.values?.length === 1 && e.values[0] === HYBRID.value,
      ),
    )
  );
}

let overrides: string[] | undefined;
/** The Installation overrides of the CRD that deploy something on Linux nodes (the CRD is parsed once). */
function linuxComponentOverrides(): string[] {
  if (overrides) return overrides;
  const crd = parse(fs.readFileSync(INSTALLATION_CRD, "utf8"));
  const spec = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
  // Windows components run only on Windows nodes; hybrid nodes are Linux (AL2023, RHEL, Ubuntu).
  overrides = Object.keys(spec).filter((k) => /(DaemonSet|Deployment)$/.test(k) && !/Windows/.test(k));
  return overrides;
}

/** Calico components whose scheduling lets them onto a non-hybrid (cloud) node. */
function calicoOffHybrid(values: any): string[] {
  const inst = values.installation;
  const bad = linuxComponentOverrides().filter((k) => !onlyOnHybrid(inst[k]?.spec?.template?.spec));
  if (inst.controlPlaneNodeSelector?.[HYBRID.key] !== HYBRID.value) bad.push("controlPlaneNodeSelector");
  return bad;
}

/** Registrations of `projectcalico.org/*` objects (served only by the Calico API server). */
function calicoV3Objects(run: ProgramRun): string[] {
  return run.registrations.filter((r) => String(r.inputs?.apiVersion ?? "").startsWith("projectcalico.org/")).map((r) => r.name);
}

describe("the CNI stays off cloud nodes; Calico with podRouting none (mocks)", function () {
  const runs: Record<string, ProgramRun> = {};
  before(async () => {
    for (const s of ["caliconone", "nopodroute", "gateway"]) runs[s] = await runStack(s);
  });
  const values = (stack: string, release: string): any => resource(runs[stack], RELEASE, `hybrid-${stack}-${release}`).inputs.values;

  it("caliconone plans with no problem: Calico is no longer refused with podRouting none", () => {
    const { problems } = planFromRawConfig(rawConfigOf("caliconone"));
    assert.deepEqual(
      problems.filter((p) => p.severity !== "warning").map((p) => `${p.key}: ${p.value} ${p.rule}`),
      [],
    );
  });

  it("Calico (caliconone): every Linux component the Installation CRD can override is pinned to hybrid nodes", function () {
    if (!fs.existsSync(INSTALLATION_CRD)) this.skip();
    const v = values("caliconone", "calico");
    assert.deepEqual(calicoOffHybrid(v), []);
    // The check can fail: one component without its selector is named.
    const planted = structuredClone(v);
    delete planted.installation.typhaDeployment;
    assert.deepEqual(calicoOffHybrid(planted), ["typhaDeployment"]);
  });

  it("Cilium (nopodroute, gateway): agent and operator admit only hybrid nodes; nothing else is deployed", () => {
    for (const stack of ["nopodroute", "gateway"]) {
      const v = values(stack, "cilium");
      assert.ok(onlyOnHybrid({ affinity: v.affinity }), `${stack}: cilium agent affinity ${JSON.stringify(v.affinity)}`);
      assert.ok(onlyOnHybrid({ affinity: v.operator.affinity }), `${stack}: cilium-operator affinity`);
      // Components with their own scheduling keys that the chart would deploy when enabled.
      assert.equal(v.envoy?.enabled, false, `${stack}: standalone Envoy (a DaemonSet) is off`);
      assert.notEqual(v.hubble?.relay?.enabled, true, `${stack}: hubble-relay is not deployed`);
      assert.notEqual(v.nodeinit?.enabled, true, `${stack}: the nodeinit DaemonSet is not deployed`);
    }
    assert.ok(!onlyOnHybrid({ affinity: {} }), "the check can fail: an empty affinity admits cloud nodes");
  });

  it("caliconone: the Calico API server is off, and nothing needs it (no projectcalico.org/v3 object, no wait Job)", () => {
    const v = values("caliconone", "calico");
    assert.deepEqual(v.apiServer, { enabled: false });
    const run = runs.caliconone;
    assert.deepEqual(calicoV3Objects(run), []);
    assert.ok(!ofType(run, "kubernetes:batch/v1:Job").some((j) => j.name.includes("calico-apiserver-wait")));
  });

  it("the API server stays on (chart default) where pods are routed: dev (static) and calicobgp, whose BGP objects need it", async () => {
    for (const stack of ["dev", "calicobgp"]) {
      const run = await runStack(stack);
      const calico = ofType(run, RELEASE).find((r) => r.inputs.chart === "tigera-operator")!;
      assert.equal((calico.inputs.values as any).apiServer, undefined, `${stack}: apiServer left at the chart default (enabled)`);
    }
    // The v3 lookup above can find objects: calicobgp's BGPConfiguration and BGPPeer.
    assert.equal(calicoV3Objects(await runStack("calicobgp")).length, 2);
  });

  it("no Calico API server row anywhere with none: 5443 is not a webhook port, no cloud node 'hosts' it", () => {
    const plan = planFor("caliconone");
    assert.ok(!plan.cluster.webhookPorts.includes(5443), `webhookPorts ${plan.cluster.webhookPorts.join(",")}`);
    assert.ok(!(plan.cloudNodes?.hosts ?? []).some((h) => /Calico/.test(h)), JSON.stringify(plan.cloudNodes));
    assert.ok(planFor("dev").cluster.webhookPorts.includes(5443), "dev (Calico static) keeps the API server's port");
  });

  it("caliconone is the mixed cluster nopodroute is: cloud nodes with the VPC CNI, webhook add-ons placed there", () => {
    const run = runs.caliconone;
    assert.equal(ofType(run, "aws:eks/nodeGroup:NodeGroup").length, 1);
    assert.equal(resource(run, "aws:eks/addon:Addon", "hybrid-caliconone-vpc-cni").inputs.addonName, "vpc-cni");
    const notHybrid = (a: any) =>
      a?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.operator === "NotIn";
    assert.ok(notHybrid(values("caliconone", "aws-lb-controller-release").affinity));
    assert.ok(notHybrid(values("caliconone", "metallb-release").controller.affinity));
  });

  it("property: for any Calico mode and node count, every component stays on hybrid nodes and the API server runs exactly when pods are routed (BGP objects only then)", function () {
    if (!fs.existsSync(INSTALLATION_CRD)) this.skip();
    const base = rawConfigOf("caliconone");
    const arb = fc.record({ mode: fc.constantFrom("static", "bgp", "none"), nodes: fc.integer({ min: 1, max: 6 }), lb: fc.boolean() });
    fc.assert(
      fc.property(arb, ({ mode, nodes, lb }) => {
        const raw = structuredClone(base);
        raw.cni = { ...raw.cni, podRouting: mode };
        if (mode !== "none") delete raw.cni.cloudNodes;
        if (!lb) raw.loadBalancing = { demoApps: false };
        raw.nodes = Array.from({ length: nodes }, (_, i) => ({ name: `node-0${i + 1}`, ip: `192.168.200.${11 + i}` }));
        const { plan, problems } = planFromRawConfig(raw);
        assert.ok(plan, problems.map((p) => `${p.key}: ${p.value} ${p.rule}`).join("\n"));
        const values: any = renderCalicoValues(plan);
        assert.deepEqual(calicoOffHybrid(values), []);
        const routed = mode !== "none";
        // The oracle is the chart's default (enabled) unless written false.
        assert.equal(values.apiServer?.enabled !== false, routed, `apiServer with ${mode}`);
        assert.equal(renderCalicoBgpResources(plan).length > 0, mode === "bgp");
        assert.equal(plan.cluster.webhookPorts.includes(5443), routed);
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it("Calico with none keeps refusing what needs a reachable hybrid pod (the 2048 demo's IP targets)", () => {
    const raw = rawConfigOf("caliconone");
    raw.loadBalancing = { ...raw.loadBalancing, demoApps: true };
    const { problems } = planFromRawConfig(raw);
    assert.ok(
      problems.some((p) => p.key === "loadBalancing.demoApps" && /needs pod reachability/.test(p.rule)),
      problems.map((p) => `${p.key}: ${p.rule}`).join("\n"),
    );
  });
});
