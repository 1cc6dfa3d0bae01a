/**
 * The pack's corpus, run through the PACKED pack over the analyzer protocol (as the Pulumi CLI
 * runs a published pack): stacks of other teams that must pass untouched, hybrid stacks written
 * with raw resources and CRs that must pass, and hybrid stacks with one planted mistake each
 * that the right policy must report — every stack as an update and as a first preview. Every
 * diagnostic that is not a planted fault is a false positive; the totals are policy/README.md's.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { CorpusStack, firstPreview, update } from "./policy-corpus/corpus";
import { FAULTY } from "./policy-corpus/faults";
import { HYBRID } from "./policy-corpus/hybrid";
import { UNRELATED } from "./policy-corpus/unrelated";
import { Diagnostic, PackedPack, startPackedPack } from "./helpers/policy-analyzer";

const CORPUS: readonly CorpusStack[] = [...UNRELATED, ...HYBRID, ...FAULTY];
const totals = { stacks: 0, runs: 0, resources: 0, reported: 0, truePositives: 0, faults: 0, caught: 0 };

describe("policy corpus through the packed pack (analyzer protocol)", function () {
  this.timeout(180000);
  let pack: PackedPack;

  before(async () => (pack = await startPackedPack()));
  after(() => pack?.stop());

  for (const s of CORPUS) {
    for (const form of ["update", "first preview"] as const) {
      it(`${s.name} (${form}): ${s.faults.length ? "the planted faults, and nothing else" : "passes cleanly"}`, async () => {
        const regs = form === "update" ? update(s) : firstPreview(s);
        const diags: Diagnostic[] = await pack.run(regs, s.name.replace(/[^a-z0-9]+/gi, "-"));
        const expected = s.faults.filter((f) => form === "update" || f.preview !== false);
        const isFault = (d: Diagnostic) => s.faults.some((f) => f.policy === d.policy && f.match.test(d.message));
        const falsePositives = diags.filter((d) => !isFault(d));
        const missed = expected.filter((f) => !diags.some((d) => d.policy === f.policy && f.match.test(d.message)));
        totals.runs++;
        totals.stacks += form === "update" ? 1 : 0;
        totals.resources += regs.length;
        totals.reported += diags.length;
        totals.truePositives += diags.length - falsePositives.length;
        totals.faults += expected.length;
        totals.caught += expected.length - missed.length;
        const show = (ds: Diagnostic[]) => ds.map((d) => `  [${d.policy}] ${d.message}`).join("\n");
        assert.deepEqual(falsePositives, [], `false positives:\n${show(falsePositives)}`);
        assert.deepEqual(
          missed.map((f) => `${f.policy} ${f.match}`),
          [],
          `missed; reported:\n${show(diags)}`,
        );
        for (const d of diags) {
          assert.ok(d.urn.startsWith("urn:pulumi:"), "each finding carries its resource's URN");
          assert.match(d.message, /^[\w.-]+ \([\w:/.-]+\): \S.*; fix: \S/, "name (type): property: value rule; fix: …");
          assert.ok(!d.message.includes("\n"), "one line, without the policy description");
        }
      });
    }
  }

  it("policy/README.md states the corpus' precision and recall", () => {
    const precision = totals.reported ? totals.truePositives / totals.reported : 1;
    const recall = totals.faults ? totals.caught / totals.faults : 1;
    const line =
      `Corpus: ${totals.stacks} stacks (${UNRELATED.length} unrelated, ${HYBRID.length} clean hybrid, ${FAULTY.length} with a planted fault), ` +
      `${totals.runs} runs (update and first preview, ${totals.resources} resources), ${totals.faults} planted faults: ` +
      `precision ${(precision * 100).toFixed(1)}% (${totals.truePositives}/${totals.reported} findings), recall ${(recall * 100).toFixed(1)}% (${totals.caught}/${totals.faults}).`;
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "policy", "README.md"), "utf8");
    assert.ok(readme.includes(line), `policy/README.md must contain:\n${line}`);
  });
});
