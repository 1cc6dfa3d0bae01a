/**
 * The unknown sweep: every property (at every depth) of every clean hybrid corpus stack made
 * unknown in turn, as a first preview can leave it. The pack must neither crash nor report
 * anything: an unknown value disables only the checks that need it.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { formatViolations, RecordedResource, runPolicies } from "../policy/harness";
import { update } from "./policy-corpus/corpus";
import { HYBRID } from "./policy-corpus/hybrid";

/** Every path into a value: object keys and list indexes, at every depth. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...at, i], ...paths(x, [...at, i])]);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...paths(x, [...at, k])]);
  return [];
}

function withUnknown(regs: readonly RecordedResource[], index: number, path: (string | number)[]): RecordedResource[] {
  const copy = JSON.parse(JSON.stringify(regs)) as RecordedResource[];
  let o: any = copy[index].inputs;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = "<unknown>";
  return copy;
}

describe("policy pack: each property of each hybrid stack unknown in turn", function () {
  this.timeout(300000);
  let total = 0;
  for (const s of HYBRID) {
    it(`${s.name}: no crash, no finding`, async () => {
      const regs = update(s);
      assert.deepEqual(formatViolations(await runPolicies(regs)), [], "the stack is clean as an update");
      let runs = 0;
      const found: string[] = [];
      for (let i = 0; i < regs.length; i++) {
        for (const p of paths(regs[i].inputs)) {
          const report = await runPolicies(withUnknown(regs, i, p));
          runs++;
          for (const v of formatViolations(report)) found.push(`${regs[i].name}.${p.join(".")} unknown: ${v}`);
        }
      }
      assert.ok(runs > 50, `${runs} runs`);
      total += runs;
      assert.deepEqual(found, []);
    });
  }

  it("policy/README.md states the sweep's size", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "policy", "README.md"), "utf8");
    const text = `${total} previews of ${HYBRID.length} stacks`;
    assert.ok(readme.includes(text), `policy/README.md must say: ${text}`);
  });
});
