/**
 * Rules decided by the date: the EKS Kubernetes calendar and SSM activation expiry. `now` is
 * injected; the expected values come from the sources' own rules, not from the code:
 * - EKS (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html): standard
 *   support for 14 months after the EKS release, then 12 months of extended support; "Billing for
 *   extended support starts at the beginning of the day that the version reaches end of standard
 *   support, in the UTC+0 timezone".
 * - SSM CreateActivation: ExpirationDate "up to 30 days in advance"; RegistrationLimit 1–1000.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import {
  DEFAULT_KUBERNETES_VERSION,
  EKS_KUBERNETES_CALENDAR,
  formatProblem,
  kubernetesSupportStatus,
  planFromRawConfig,
  stackConfigSchema,
} from "../components/plan";
import { editedConfig } from "./helpers/raw-config";
import * as fs from "node:fs";
import * as path from "node:path";

const TODAY = new Date("2026-11-29T12:00:00Z");

function problems(edit: (c: Record<string, any>) => void, now: Date) {
  return planFromRawConfig(editedConfig("dev", edit), { now }).problems.filter((p) => p.key.startsWith("cluster.") || p.key === "nodes");
}
const errors = (edit: (c: Record<string, any>) => void, now = TODAY) =>
  problems(edit, now)
    .filter((p) => (p.severity ?? "error") === "error")
    .map(formatProblem);
const warnings = (edit: (c: Record<string, any>) => void, now = TODAY) =>
  problems(edit, now)
    .filter((p) => p.severity === "warning")
    .map(formatProblem);

/** `date` (YYYY-MM-DD) plus `months` calendar months, as YYYY-MM-DD. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

describe("Kubernetes version calendar (EKS)", () => {
  it("the data obeys the documented lifecycle: 14 months standard, then 12 months extended", () => {
    for (const v of EKS_KUBERNETES_CALENDAR) {
      assert.ok(v.source.length > 0, `${v.version} names its source`);
      if (!v.eksRelease) continue;
      assert.ok(v.upstreamRelease < v.eksRelease, `${v.version}: EKS releases after upstream`);
      assert.equal(v.endOfStandardSupport, addMonths(v.eksRelease, 14), `${v.version} end of standard support`);
      assert.equal(v.endOfExtendedSupport, addMonths(v.endOfStandardSupport!, 12), `${v.version} end of extended support`);
    }
    const minors = EKS_KUBERNETES_CALENDAR.map((v) => Number(v.version.split(".")[1]));
    assert.deepEqual(
      minors,
      minors.map((_, i) => minors[0] + i),
      "consecutive minor versions, oldest first",
    );
  });

  it("on 2026-11-29: 1.28–1.31 are refused, 1.32 and 1.33 warn (extended support), 1.34–1.36 are accepted", () => {
    for (const v of ["1.27", "1.28", "1.29", "1.30", "1.31"])
      assert.ok(
        errors((c) => (c.cluster.kubernetesVersion = v)).some((l) => l.startsWith(`cluster.kubernetesVersion: ${v} `)),
        v,
      );
    for (const v of ["1.32", "1.33"]) {
      assert.deepEqual(
        errors((c) => (c.cluster.kubernetesVersion = v)),
        [],
        v,
      );
      assert.match(warnings((c) => (c.cluster.kubernetesVersion = v)).join("\n"), /is in EKS extended support .*costs extra/, v);
    }
    for (const v of ["1.34", "1.35", "1.36"]) {
      assert.deepEqual(
        errors((c) => (c.cluster.kubernetesVersion = v)),
        [],
        v,
      );
      assert.deepEqual(
        warnings((c) => (c.cluster.kubernetesVersion = v)),
        [],
        v,
      );
    }
    assert.match(
      warnings((c) => (c.cluster.kubernetesVersion = "1.37")).join("\n"),
      /1\.37 is newer than the versions this program's EKS calendar knows/,
    );
    assert.deepEqual(
      errors((c) => (c.cluster.kubernetesVersion = "1.37")),
      [],
    );
  });

  it("1.31: extended support ended at the start of 2026-11-26 UTC (the issue's date)", () => {
    const v = (c: Record<string, any>) => (c.cluster.kubernetesVersion = "1.31");
    assert.deepEqual(errors(v, new Date("2026-11-25T23:59:59Z")), []);
    assert.equal(warnings(v, new Date("2026-11-25T23:59:59Z")).length, 1);
    assert.match(errors(v, new Date("2026-11-26T00:00:00Z")).join("\n"), /reached the end of EKS extended support on 2026-11-26/);
  });

  it("property: the status follows the documented dates for any day (oracle: the dates alone)", () => {
    const dated = EKS_KUBERNETES_CALENDAR.filter((v) => v.eksRelease);
    const day = fc.integer({ min: Date.parse("2023-01-01"), max: Date.parse("2029-12-31") }).map((t) => new Date(t));
    fc.assert(
      fc.property(fc.constantFrom(...dated), day, (v, now) => {
        const d = now.toISOString().slice(0, 10);
        const expected =
          d < v.eksRelease!
            ? "not-yet-released"
            : d < v.endOfStandardSupport!
              ? "standard"
              : d < v.endOfExtendedSupport!
                ? "extended"
                : "ended";
        assert.equal(kubernetesSupportStatus(v.version, now).kind, expected, `${v.version} on ${d}`);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("the default and every checked-in stack are in standard support on 2026-11-29", () => {
    assert.equal(kubernetesSupportStatus(DEFAULT_KUBERNETES_VERSION, TODAY).kind, "standard");
    assert.equal(
      stackConfigSchema.shape.cluster.parse({ name: "x", serviceCidr: "172.16.0.0/16" }).kubernetesVersion,
      DEFAULT_KUBERNETES_VERSION,
    );
    const root = path.resolve(__dirname, "..");
    const stacks = fs.readdirSync(root).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
    assert.ok(stacks.length >= 2);
    for (const f of stacks) {
      const v = /kubernetesVersion: "?([\d.]+)"?/.exec(fs.readFileSync(path.join(root, f), "utf8"))?.[1];
      assert.ok(v, `${f} sets kubernetesVersion`);
      assert.equal(kubernetesSupportStatus(v!, TODAY).kind, "standard", `${f}: ${v}`);
    }
  });
});

describe("SSM hybrid activations", () => {
  const expiry = (iso: string) => (c: Record<string, any>) => (c.cluster.ssmActivationExpiry = iso);

  it("expiry in the future and at most 30 days ahead", () => {
    assert.deepEqual(errors(expiry("2026-12-20T00:00:00Z")), []);
    assert.deepEqual(errors(expiry("2026-12-29T12:00:00Z")), [], "exactly 30 days ahead");
    assert.match(errors(expiry("2026-12-29T12:00:01Z")).join("\n"), /is more than 30 days ahead/);
    assert.match(errors(expiry("2026-11-29T11:59:59Z")).join("\n"), /is not in the future/);
    assert.match(errors(expiry("2025-07-01T00:00:00Z")).join("\n"), /is not in the future/);
  });

  it("more than 1000 SSM nodes are refused (one activation, RegistrationLimit 1–1000), never split silently", () => {
    const many = (n: number) => (c: Record<string, any>) => {
      c.onPrem.nodeCidrs = ["10.20.0.0/16"];
      c.onPrem.podCidrs = ["10.96.0.0/11"];
      c.router.address = "10.20.255.254";
      c.loadBalancing.metallb.addressPools[0].addresses = ["10.20.255.200-10.20.255.210"];
      c.nodes = Array.from({ length: n }, (_, i) => ({ name: `n${i}`, ip: `10.20.${1 + (i >> 8)}.${i & 255}` }));
    };
    assert.deepEqual(errors(many(1000)), []);
    assert.match(errors(many(1001)).join("\n"), /^nodes: \(1001 nodes\) is more than 1000, the most one SSM hybrid activation registers/m);
    assert.deepEqual(
      errors((c) => {
        many(1001)(c);
        c.cluster.nodeCredentials = "iam-roles-anywhere";
        c.cluster.rolesAnywhereCaBundle = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
      }),
      [],
      "IAM Roles Anywhere has no such limit",
    );
  });
});
