/**
 * CNI versions' Kubernetes compatibility by date (issue 12), against the upstream sources:
 * - Calico: "We test Calico <line> against the following Kubernetes versions … will not work on
 *   Kubernetes v1.20 or below … Newer versions may also work"
 *   https://docs.tigera.io/calico/3.29/getting-started/kubernetes/requirements (1.29–1.32),
 *   https://docs.tigera.io/calico/3.30/getting-started/kubernetes/requirements (1.31–1.35).
 * - Cilium: https://docs.cilium.io/en/v1.18/network/kubernetes/compatibility/ (1.30–1.33),
 *   https://docs.cilium.io/en/v1.19/network/kubernetes/compatibility/ (1.32–1.35); the chart's
 *   `kubeVersion` (Chart.yaml in ../shared/reference/helm/cilium/<version>/).
 * - AWS: "Cilium versions v1.17.x and v1.18.x are supported for EKS Hybrid Nodes for every
 *   Kubernetes version supported in Amazon EKS" https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblem, planFromRawConfig } from "../components/plan";
import { CILIUM_KUBERNETES_MINIMUM } from "../components/plan/versions/cilium";
import { CNI_FACTS, CniFacts, checkCniKubernetes } from "../components/plan/versions/cni-kubernetes";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { rawConfigOf } from "./helpers/raw-config";

const NOW = new Date("2026-11-29T12:00:00Z");
const REFERENCE = ["../shared/reference", "../../shared/reference"]
  .map((d) => path.resolve(PROJECT_DIR, d, "helm", "cilium"))
  .find((d) => fs.existsSync(d));

const check = (kind: "calico" | "cilium", version: string, kubernetes: string, awsBuild = kind === "cilium", now = NOW) =>
  checkCniKubernetes({ kind, version, kubernetes, awsBuild }, now);
const severities = (f: { severity: string }[]) => f.map((x) => x.severity).sort();

describe("CNI × Kubernetes compatibility (versions/cni-kubernetes.ts)", () => {
  it("Calico lines: inside the tested versions nothing, newer or older a warning, v1.20 and below an error", () => {
    assert.deepEqual(check("calico", "3.29.2", "1.32"), []);
    assert.deepEqual(check("calico", "3.30.1", "1.35"), []);
    const newer = check("calico", "3.29.2", "1.35");
    assert.deepEqual(severities(newer), ["warning"]);
    assert.match(newer[0].rule, /Calico 3\.29, tested with Kubernetes 1\.29–1\.32 only; Kubernetes 1\.35 is newer/);
    assert.match(newer[0].rule, /docs\.tigera\.io\/calico\/3\.29\/getting-started\/kubernetes\/requirements/);
    assert.deepEqual(severities(check("calico", "3.30.1", "1.30")), ["warning"], "1.30 is older than 3.30's tested 1.31");
    assert.deepEqual(severities(check("calico", "3.29.2", "1.20")), ["error", "warning"], "v1.20 or below does not work");
    assert.deepEqual(severities(check("calico", "3.29.2", "1.21")), ["warning"], "v1.21 may work, untested");
  });

  it("Cilium: AWS builds of AWS-supported lines are fine on every EKS version; upstream builds follow the tested list", () => {
    for (const v of ["1.17.9-0", "1.18.3-0", "1.18.8-1", "1.19.2-1"]) assert.deepEqual(check("cilium", v, "1.35"), [], v);
    const upstream = check("cilium", "1.18.3", "1.35", false);
    assert.deepEqual(severities(upstream), ["warning"]);
    assert.match(upstream[0].rule, /tested with Kubernetes 1\.30–1\.33 only; Kubernetes 1\.35 is newer .*Cilium 1\.19 is tested with it/);
    assert.deepEqual(check("cilium", "1.19.3", "1.35", false), [], "1.19 is tested with 1.35");
    assert.deepEqual(
      severities(check("cilium", "1.16.7", "1.35", true)),
      ["warning"],
      "1.16 is not AWS-supported: the tested list applies",
    );
  });

  it("a line the data does not know is a warning naming the known lines", () => {
    const f = check("cilium", "1.20.0-0", "1.35");
    assert.deepEqual(severities(f), ["warning"]);
    assert.match(
      f[0].rule,
      /Cilium 1\.20, a line whose Kubernetes compatibility this program does not know \(known: 1\.16, 1\.17, 1\.18, 1\.19\)/,
    );
  });

  it("the Cilium floor is the chart's own kubeVersion (reference Chart.yaml files)", function () {
    if (!REFERENCE) return this.skip();
    const floors = fs.readdirSync(REFERENCE).map((v) => {
      const m = /kubeVersion:\s*'?>=\s*(\d+\.\d+)/.exec(fs.readFileSync(path.join(REFERENCE, v, "Chart.yaml"), "utf8"));
      assert.ok(m, `${v}: Chart.yaml has a kubeVersion floor`);
      return m[1];
    });
    assert.ok(floors.length >= 3);
    for (const f of floors) assert.equal(f, CILIUM_KUBERNETES_MINIMUM);
    assert.deepEqual(severities(check("cilium", "1.18.3-0", "1.20")), ["error"]);
  });

  it("end of life is decided with the injected date (planted: a line that ends on 2026-12-01)", () => {
    const planted: Record<"calico" | "cilium", CniFacts> = {
      ...CNI_FACTS,
      calico: {
        ...CNI_FACTS.calico,
        lines: CNI_FACTS.calico.lines.map((l) => (l.line === "3.29" ? { ...l, endOfLife: "2026-12-01" } : l)),
      },
    };
    const on = (day: string) =>
      checkCniKubernetes({ kind: "calico", version: "3.29.2", kubernetes: "1.32", awsBuild: false }, new Date(`${day}T00:00:00Z`), planted);
    assert.deepEqual(on("2026-11-30"), [], "the day before: still in support");
    const after = on("2026-12-01");
    assert.deepEqual(severities(after), ["error"]);
    assert.match(after[0].rule, /Calico 3\.29, out of support since 2026-12-01/);
  });

  it("through the plan: an old CNI line with Kubernetes 1.35 is refused, naming cni.version, value and rule", () => {
    const c = rawConfigOf("prod");
    c.cni.version = "1.16.7";
    c.cni.chartRepository = "https://helm.cilium.io";
    const r = planFromRawConfig(c, { now: NOW });
    assert.equal(r.plan, undefined, "1.16 without allowUnsupportedCilium is refused");
    const lines = r.problems.map(formatProblem);
    assert.ok(
      lines.some((l) =>
        /^cni\.version: 1\.16\.7 is Cilium 1\.16, tested with Kubernetes 1\.27–1\.30 only; Kubernetes 1\.35 is newer/.test(l),
      ),
    );
    assert.ok(lines.some((l) => /^cni\.version: 1\.16\.7 is not a Cilium line AWS supports/.test(l)));
  });

  it("the gateway with AWS's 1.19.2-1 build plans (hybrid-nodes-gateway-cni.html names it); 1.19.1-0 lacks VTEP", () => {
    const on = (version: string) => {
      const c = rawConfigOf("gateway");
      c.cni.version = version;
      return planFromRawConfig(c, { now: NOW });
    };
    const ok = on("1.19.2-1");
    assert.ok(ok.plan, ok.problems.map(formatProblem).join("\n"));
    assert.ok(!ok.problems.some((p) => p.key === "cni.version"), ok.problems.map(formatProblem).join("\n"));
    const old = on("1.19.1-0");
    assert.equal(old.plan, undefined);
    assert.ok(old.problems.some((p) => p.key === "cni.version" && /VTEP/.test(p.rule)));
  });

  it("the checked-in stacks: only the Calico 3.29 stacks and cilium116 get a compatibility warning on 1.35", () => {
    const warned = ["dev", "prod", "calicobgp", "cilium116", "cilium117", "ciliumlb", "gateway", "nopodroute"].filter((s) =>
      planFromRawConfig(rawConfigOf(s), { now: NOW }).problems.some(
        (p) => p.key === "cni.version" && p.severity === "warning" && /tested with Kubernetes/.test(p.rule),
      ),
    );
    assert.deepEqual(warned, ["dev", "calicobgp", "cilium116"]);
  });
});
