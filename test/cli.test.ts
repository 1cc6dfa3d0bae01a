/**
 * The CLI and the stack file reader: YAML errors name file, line and column; alias and nesting
 * bombs give one line; a failed plan through a pipe keeps every line, exits 1 and removes the
 * stale out/STACK/.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStackConfig, StackFileError } from "../plan-runner/stack-config";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { failureMessage, stackArg } from "../plan-runner/cli";

function tempProject(stackYaml: string, stack = "t"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "h1-cli-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: eks-hybrid-network\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
  return dir;
}

function loadError(yaml: string): string {
  const dir = tempProject(yaml);
  try {
    loadStackConfig(dir, "t");
  } catch (e) {
    assert.ok(e instanceof StackFileError, `a StackFileError, not ${(e as Error).name}`);
    return (e as Error).message;
  }
  assert.fail("loading should fail");
}

describe("stack file reader", () => {
  it("a YAML syntax error names the file, line and column, on one line", () => {
    const msg = loadError("config:\n  aws:region: us-west-2\n  eks-hybrid-network:onPrem:\n    podCidrs: [192.168.32.0/23\n  x: 1\n");
    assert.match(msg, /^Pulumi\.t\.yaml:\d+:\d+ is not valid YAML \(line \d+, column \d+\): /);
    assert.equal(msg.includes("\n"), false);
  });

  it("duplicate keys are an error, not a silent last-wins", () => {
    assert.match(
      loadError("config:\n  aws:region: us-west-2\n  aws:region: eu-west-1\n"),
      /Pulumi\.t\.yaml:3:\d+ is not valid YAML.*[Mm]ap keys must be unique/,
    );
  });

  it("an alias bomb and deep nesting give one clear line, never a stack trace", () => {
    const bomb = ["config:", '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g", "h"].entries()) {
      const prev = i === 0 ? "a" : ["b", "c", "d", "e", "f", "g"][i - 1];
      bomb.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    assert.match(loadError(bomb.join("\n") + "\n"), /^Pulumi\.t\.yaml: uses more than 100 YAML aliases/);
    assert.match(
      loadError(`config:\n  x: ${"[".repeat(5000)}${"]".repeat(5000)}\n`),
      /^Pulumi\.t\.yaml: is nested (too deeply|more than 64 levels)/,
    );
    assert.match(loadError(`config:\n  x: ${"[".repeat(70)}${"]".repeat(70)}\n`), /^Pulumi\.t\.yaml: is nested more than 64 levels deep/);
  });

  it("config that is not a map is refused in one line", () => {
    assert.match(loadError("config: [1, 2]\n"), /`config` must be a map of keys/);
  });
});

describe("plan CLI", () => {
  it("stackArg accepts a stack name only", () => {
    assert.equal(stackArg(["--stack", "dev"]), "dev");
    assert.equal(stackArg(["--stack", "--dir"]), undefined);
    assert.equal(stackArg(["--stack", "../etc"]), undefined);
    assert.equal(stackArg([]), undefined);
  });

  it("failureMessage drops Pulumi's wrapper and stack frames", () => {
    const e = new Error(
      "Running program '/x/index.ts' failed with an unhandled exception:\nthe stack config has 1 problem\n    at loadPlan (/x/load-plan.ts:46:11)",
    );
    assert.equal(failureMessage(e), "the stack config has 1 problem");
  });

  it("never ends the process with process.exit (it can cut stderr that is still draining into a non-blocking pipe)", () => {
    // Node writes to pipes synchronously on Linux unless the pipe is non-blocking (as some CI log
    // collectors and `| tee` set it up), so the behaviour below cannot show the loss on every
    // machine; the source check can.
    const src = fs.readFileSync(path.join(PROJECT_DIR, "scripts", "plan.ts"), "utf8");
    assert.doesNotMatch(src.replace(/\/\*[\s\S]*?\*\//g, ""), /process\.exit\(/);
  });

  it("through a pipe: every problem line arrives, exit code 1, stale out/STACK/ removed", async function () {
    this.timeout(120_000);
    const n = 1500; // > 64 KiB of problems
    const nodes = Array.from({ length: n }, (_, i) => `    - name: n${i}\n      ip: 10.9.${i >> 8}.${i & 255}`).join("\n");
    const stack = `h1-cli-${process.pid}`;
    const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
    const yaml = dev.replace(/ {2}eks-hybrid-network:nodes:\n(?: {4,}.*\n|\s*#.*\n)*/, `  eks-hybrid-network:nodes:\n${nodes}\n`);
    const dir = tempProject(yaml, stack);
    const outDir = path.join(dir, "out", stack);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "resources.json"), "[]\n");
    const tsx = path.join(PROJECT_DIR, "node_modules", ".bin", "tsx");
    const child = spawn(tsx, ["scripts/plan.ts", "--stack", stack, "--dir", dir], {
      cwd: PROJECT_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on("close", r));
    assert.equal(code, 1);
    const problemLines = err.split("\n").filter((l) => /^ {2}- nodes\[\d+\]\.ip: /.test(l));
    assert.equal(problemLines.length, n, `all ${n} node problems arrived (stderr ${err.length} bytes)`);
    assert.ok(err.length > 65536, "more than a pipe buffer");
    assert.match(err, /removed \S*out\/h1-cli-\d+\/ /);
    assert.doesNotMatch(err, /^\s+at .*:\d+:\d+\)?$/m, "no stack trace");
    assert.equal(fs.existsSync(outDir), false, "out/STACK/ removed after the failed plan");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
