import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..");
const wf = (name: string): any => parse(fs.readFileSync(path.join(root, ".github", "workflows", name), "utf8"));
const steps = (job: any): any[] => job.steps ?? [];
const uses = (job: any, action: string) => steps(job).filter((s) => String(s.uses ?? "").startsWith(action));
const stackFiles = () =>
  fs
    .readdirSync(root)
    .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
    .map((f) => f.slice("Pulumi.".length, -".yaml".length))
    .sort();

/** Every job asks for OIDC and uses the AWS role action, never static keys. */
function assertOidcOnly(job: any): void {
  assert.equal(job.permissions?.["id-token"], "write");
  const aws = uses(job, "aws-actions/configure-aws-credentials");
  assert.equal(aws.length, 1);
  assert.ok(aws[0].with["role-to-assume"], "assumes a role");
  assert.ok(!("aws-access-key-id" in aws[0].with) && !("aws-secret-access-key" in aws[0].with), "no long-lived keys");
}

describe("GitHub workflows", () => {
  it("preview.yml: pull requests, tests first, every stack previewed with the policy pack and a PR comment", () => {
    const w = wf("preview.yml");
    assert.ok(w.on.pull_request, "runs on pull requests");
    assert.deepEqual(w.permissions, {}, "no default permissions");
    const test = w.jobs.test;
    assert.ok(steps(test).some((s) => s.run === "npm ci"));
    assert.ok(
      steps(test).some((s) => /apt-get install .*lab\/apt-packages\.txt/.test(s.run ?? "")),
      "installs the lab's packages",
    );
    const npmTest = steps(test).find((s) => /npm test$/.test(s.run ?? ""));
    assert.ok(npmTest, "runs npm test");
    assert.match(npmTest.run, /^sudo /, "as root: the lab creates network namespaces");
    assert.equal(npmTest.env?.LAB_REQUIRED, "1", "the lab may not skip on pull requests");
    assert.deepEqual(test.permissions, { contents: "read" });
    const preview = w.jobs.preview;
    assert.equal(preview.needs, "test");
    assert.deepEqual([...preview.strategy.matrix.stack].sort(), stackFiles(), "every Pulumi.<stack>.yaml is previewed");
    assert.match(preview.concurrency.group, /\$\{\{ matrix\.stack \}\}/, "concurrency per stack");
    assert.equal(preview.permissions["pull-requests"], "write");
    assertOidcOnly(preview);
    const pulumi = uses(preview, "pulumi/actions")[0];
    assert.equal(pulumi.with.command, "preview");
    assert.equal(pulumi.with["stack-name"], "${{ matrix.stack }}");
    assert.equal(pulumi.with.policyPacks, "policy");
    assert.equal(pulumi.with["comment-on-pr"], true);
  });

  it("deploy.yml: dev on pushes to main, prod on release tags behind an approved environment", () => {
    const w = wf("deploy.yml");
    assert.deepEqual(w.on.push.branches, ["main"]);
    assert.ok(w.on.push.tags.includes("v*"));
    assert.deepEqual(w.permissions, {});
    const { dev, prod } = w.jobs;
    assert.equal(dev.if, "github.ref == 'refs/heads/main'");
    assert.equal(prod.if, "startsWith(github.ref, 'refs/tags/v')");
    assert.equal(prod.environment, "production");
    assert.ok(prod["runs-on"].includes("self-hosted"), "prod's private endpoint is reached from a runner inside the network");
    assert.match(w.jobs && wf("preview.yml").jobs.preview["runs-on"], /matrix\.stack == 'prod' && .*self-hosted/);
    for (const [job, stack] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      assertOidcOnly(job);
      assert.ok(!job.permissions["pull-requests"], "no PR write on deploys");
      assert.equal(job.concurrency["cancel-in-progress"], false, "never cancels a running update");
      const pulumi = uses(job, "pulumi/actions")[0];
      assert.deepEqual([pulumi.with.command, pulumi.with["stack-name"], pulumi.with.policyPacks], ["up", stack, "policy"]);
    }
  });

  it("policy.yml: publishes the pack on policy tags with the org token, nothing else", () => {
    const w = wf("policy.yml");
    assert.deepEqual(w.on.push.tags, ["policy-v*"]);
    const job = w.jobs.publish;
    assert.deepEqual(job.permissions, { contents: "read" });
    assert.ok(steps(job).some((s) => /pulumi policy publish/.test(s.run ?? "") && s["working-directory"] === "policy"));
  });

  it("every npm script a workflow runs exists", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts;
    for (const f of fs.readdirSync(path.join(root, ".github", "workflows"))) {
      for (const job of Object.values<any>(wf(f).jobs)) {
        for (const s of steps(job)) {
          const m = /^npm run ([\w:-]+)/.exec(s.run ?? "");
          if (m) assert.ok(scripts[m[1]], `${f}: npm run ${m[1]} exists in package.json`);
        }
      }
    }
  });
});
