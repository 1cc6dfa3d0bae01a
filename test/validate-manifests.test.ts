/**
 * Every checked-in stack's rendered Kubernetes objects and Helm values pass the shared upstream
 * check (`../shared/tools/validate-manifests`: each custom resource against its upstream CRD,
 * strict about unknown fields; each Helm release's values against the chart's schema and keys).
 * The tool lives beside the checkout (as in CI); only where it is absent is this skipped.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { parseAllDocuments } from "yaml";
import { writeOut } from "../plan-runner/write-out";
import { runStack } from "./helpers/run-stack";

const TOOL = ["../shared/tools/validate-manifests", "../../shared/tools/validate-manifests"]
  .map((p) => path.resolve(PROJECT_DIR, p))
  .find((p) => fs.existsSync(p));
const STACKS = fs
  .readdirSync(PROJECT_DIR)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();

/** The tool's output for `dir`: exit status and everything it printed. */
function validate(dir: string): { status: number | null; out: string } {
  const r = spawnSync(TOOL!, [dir], { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Kubernetes objects and Helm releases `npm run plan` wrote under `dir` (what the tool must have seen). */
function rendered(dir: string): { objects: number; releases: number } {
  const docs = (sub: string) =>
    fs.existsSync(path.join(dir, sub))
      ? fs
          .readdirSync(path.join(dir, sub))
          .filter((f) => /\.ya?ml$/.test(f))
          .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, sub, f), "utf8")).filter((d) => d.contents !== null)).length
      : 0;
  return { objects: docs("manifests"), releases: docs("helm") };
}

describe("rendered objects and Helm values against upstream schemas (validate-manifests)", function () {
  this.timeout(180_000);
  // One run of the tool over every stack (each stack in its own folder under manifests/ and helm/;
  // the tool walks them and checks each file on its own): loading the upstream CRDs and chart
  // schemas is most of a run's cost, paid once instead of once per stack. The same run carries a
  // planted fault in a folder of its own (a copy of prod's objects with an unknown field), so
  // that the run is known to be able to fail.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "validate-all-"));
  const PLANTED = "planted-prod";
  let result: { status: number | null; out: string };
  const want = { objects: 0, releases: 0 };
  let problems: string[] = [];
  before(async function () {
    if (!TOOL) this.skip();
    const copy = (from: string, as: string) => {
      for (const sub of ["manifests", "helm"])
        if (fs.existsSync(path.join(from, sub))) fs.cpSync(path.join(from, sub), path.join(root, "all", sub, as), { recursive: true });
      const n = rendered(from);
      want.objects += n.objects;
      want.releases += n.releases;
    };
    for (const stack of STACKS) {
      const dir = path.join(root, "stacks", stack);
      writeOut(await runStack(stack), dir);
      copy(dir, stack);
    }
    const planted = path.join(root, "planted");
    writeOut(await runStack("prod"), planted);
    const mdir = path.join(planted, "manifests");
    const file = fs.readdirSync(mdir).find((f) => /ciliumbgppeerconfig/i.test(f));
    assert.ok(file, "prod renders a CiliumBGPPeerConfig");
    const p = path.join(mdir, file!);
    fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/^spec:\n/m, "spec:\n  holdTimeSecondz: 30\n"));
    copy(planted, PLANTED);
    result = validate(path.join(root, "all"));
    problems = result.out.split("\n").filter((l) => l.startsWith("problem: "));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("the tool read every stack's objects and releases, the planted copy's too", () => {
    assert.match(result.out, new RegExp(`: ${want.objects} objects \\(.*, ${want.releases} Helm releases `), result.out);
  });

  for (const stack of STACKS) {
    it(`${stack}: 0 problems`, () => {
      const mine = problems.filter((l) => new RegExp(`^problem: (manifests|helm)/${stack}/`).test(l));
      assert.deepEqual(mine, []);
    });
  }

  it("the check can fail: the planted unknown field in a CRD object is reported, and it is the only problem", () => {
    assert.equal(result.status, 1, result.out);
    assert.equal(problems.length, 1, result.out);
    assert.match(problems[0], new RegExp(`^problem: manifests/${PLANTED}/.*holdTimeSecondz`), result.out);
    assert.match(result.out, / 1 problems\s*$/, result.out);
  });
});
