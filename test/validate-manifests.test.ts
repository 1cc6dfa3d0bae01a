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

describe("rendered objects and Helm values against upstream schemas (validate-manifests)", function () {
  this.timeout(180_000);
  before(function () {
    if (!TOOL) this.skip();
  });

  for (const stack of STACKS) {
    it(`${stack}: 0 problems`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `validate-${stack}-`));
      try {
        writeOut(await runStack(stack), dir);
        const r = spawnSync(TOOL!, [dir], { encoding: "utf8" });
        const out = `${r.stdout}${r.stderr}`;
        assert.equal(r.status, 0, out);
        assert.match(out, / 0 problems\s*$/, out);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("the check can fail: a planted unknown field in a CRD object is reported", async function () {
    const run = await runStack("prod");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-fault-"));
    try {
      writeOut(run, dir);
      const mdir = path.join(dir, "manifests");
      const file = fs.readdirSync(mdir).find((f) => /ciliumbgppeerconfig/i.test(f));
      assert.ok(file, "prod renders a CiliumBGPPeerConfig");
      const p = path.join(mdir, file!);
      fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/^spec:\n/m, "spec:\n  holdTimeSecondz: 30\n"));
      const r = spawnSync(TOOL!, [dir], { encoding: "utf8" });
      assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
      assert.match(`${r.stdout}${r.stderr}`, /holdTimeSecondz/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
