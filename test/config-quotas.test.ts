/**
 * AWS quotas on what the program creates per remote network. The numbers are AWS's, from the
 * Amazon VPC quotas page (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):
 * "Routes per route table (non-propagated routes)" 50 by default, adjustable up to 1,000;
 * "Inbound or outbound rules per security group" 60 by default, rules × groups per network
 * interface at most 1,000. They are written here again, not read from the code under test.
 */
import { strict as assert } from "node:assert";
import { planFromRawConfig } from "../components/plan";
import { formatProblem } from "../components/plan/rules/problem";
import { editedConfig } from "./helpers/raw-config";

const ROUTES_DEFAULT = 50;
const ROUTES_MAX = 1000;
const RULES_DEFAULT = 60;

/** `count` /24 pod CIDRs in 100.64.0.0/10, each followed by a free /24 (so none can be merged) or adjacent. */
function podCidrs(count: number, adjacent: boolean): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = (adjacent ? i : 2 * i) * 256;
    return `100.${64 + (n >>> 16)}.${(n >>> 8) & 255}.0/24`;
  });
}

function planWith(cidrs: string[], podRouting?: string) {
  const raw = editedConfig("dev", (c) => {
    c.onPrem.podCidrs = cidrs;
    c.nodes = c.nodes.map(({ name, ip }: { name: string; ip: string }) => ({ name, ip }));
    if (podRouting) {
      delete c.cni.routing;
      c.cni.podRouting = podRouting;
    }
  });
  return planFromRawConfig(raw, { now: new Date("2026-11-29T00:00:00Z") });
}

const quotaLines = (r: ReturnType<typeof planWith>) =>
  r.problems.filter((p) => /route table|security group/.test(p.rule) && /quota|at most/.test(p.rule));

describe("config: AWS route and security group rule quotas", () => {
  it(`more than ${ROUTES_MAX} unmergeable remote blocks are refused before anything exists, naming the quota`, () => {
    const r = planWith(podCidrs(2000, false));
    assert.equal(r.plan, undefined);
    const lines = quotaLines(r).map(formatProblem);
    assert.ok(
      lines.some((l) => l.startsWith("onPrem.podCidrs: ") && /at most 1000/.test(l) && /route table/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /security group/.test(l) && /at most 1000/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.every((l) => l.includes("amazon-vpc-limits")),
      "each line cites the quotas page",
    );
  });

  it("the same number of adjacent CIDRs merges into a few blocks and plans without a quota problem", () => {
    const r = planWith(podCidrs(2000, true));
    assert.deepEqual(quotaLines(r), []);
    assert.ok(r.plan, r.problems.map(formatProblem).join("\n"));
  });

  it(`above the default quotas (${ROUTES_DEFAULT} routes, ${RULES_DEFAULT} rules) it plans with a warning to raise them first`, () => {
    // 70 blocks + 1 node block: 71 remote routes + local + default = 73 > 50; 71 rules > 60.
    const r = planWith(podCidrs(70, false));
    assert.ok(r.plan, r.problems.map(formatProblem).join("\n"));
    const q = quotaLines(r);
    assert.equal(q.length, 2, q.map(formatProblem).join("\n"));
    assert.ok(q.every((p) => p.severity === "warning" && /Service Quotas/.test(p.rule)));
    assert.match(formatProblem(q[0]), /need 73 routes in every VPC route table/);
  });

  it("just under the default route quota: no warning (planted boundary)", () => {
    // 47 pod blocks + 1 node block + local + default = 50 routes, 48 rules.
    assert.deepEqual(quotaLines(planWith(podCidrs(47, false))), []);
    assert.equal(quotaLines(planWith(podCidrs(48, false))).length, 1, "51 routes: one warning (48 + 1 rules are still ≤ 60)");
  });

  it("with the gateway the pod CIDRs are the gateway's routes, not the program's: only the security group counts them", () => {
    const r = planWith(podCidrs(70, false), "gateway");
    const q = quotaLines(r);
    assert.ok(
      q.every((p) => !/route table/.test(p.rule)),
      q.map(formatProblem).join("\n"),
    );
    assert.ok(q.some((p) => /security group/.test(p.rule)));
  });
});
