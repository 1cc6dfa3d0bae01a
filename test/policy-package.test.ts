/**
 * The pack as `pulumi policy publish` ships it: `npm pack` in policy/ (its prepack bundles the
 * shared rules into dist/index.js), unpacked in a clean folder with only @pulumi/policy and
 * @pulumi/pulumi linked in, started the way the Pulumi CLI starts a policy pack (it serves the
 * analyzer gRPC API on 127.0.0.1 and prints the port), and asked to judge resources.
 */
import { strict as assert } from "node:assert";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { ciliumStack, mutate } from "./helpers/policy-fixtures";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const call = <T>(client: any, method: string, req: unknown): Promise<T> =>
  new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

describe("policy pack as published", function () {
  this.timeout(120000);
  let dir: string;
  let pack: string;
  let child: ChildProcess | undefined;
  let client: any;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: path.join(PROJECT_DIR, "policy"),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tgz = JSON.parse(out.slice(out.indexOf("[")))[0].filename as string;
    execFileSync("tar", ["xzf", path.join(dir, tgz), "-C", dir]);
    pack = path.join(dir, "package");
    fs.mkdirSync(path.join(pack, "node_modules", "@pulumi"), { recursive: true });
    for (const m of ["policy", "pulumi"])
      fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", m), path.join(pack, "node_modules", "@pulumi", m));
  });

  after(() => {
    if (child?.pid) process.kill(child.pid);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("holds only the bundle, PulumiPolicy.yaml, README.md and package.json", () => {
    const files = execFileSync("find", [".", "-type", "f", "-not", "-path", "./node_modules/*"], { cwd: pack, encoding: "utf8" })
      .trim()
      .split("\n")
      .sort();
    assert.deepEqual(files, ["./PulumiPolicy.yaml", "./README.md", "./dist/index.js", "./package.json"]);
    const bundle = fs.readFileSync(path.join(pack, "dist", "index.js"), "utf8");
    const requires = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].filter(
      (m) => !m.startsWith("node:") && !["fs", "path", "os", "net", "util", "crypto"].includes(m),
    );
    assert.deepEqual(requires, ["@pulumi/policy"], "everything but @pulumi/policy is bundled");
  });

  it("serves the analyzer the way the Pulumi CLI runs it, with all policies", async () => {
    child = spawn(process.execPath, [JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")).main], {
      cwd: pack,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      child!.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
      child!.once("exit", (code) => reject(new Error(`pack exited ${code}: ${stderr}`)));
    });
    assert.match(port, /^\d+$/);
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const info = await call<any>(client, "getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "eks-hybrid-network");
    assert.equal(info.getPoliciesList().length, 12);
    assert.ok(info.getPoliciesList().every((p: any) => p.getEnforcementlevel() === 1 /* MANDATORY */));
  });

  it("a resource policy fails the article's pod CIDR", async () => {
    const cluster = mutate(ciliumStack(), "hybrid-dev", (i) => (i.remoteNetworkConfig.remotePodNetworks.cidrs = ["192.16.32.0/23"])).find(
      (r) => r.name === "hybrid-dev",
    )!;
    const req = new pb.AnalyzeRequest();
    req.setType(cluster.type);
    req.setName(cluster.name);
    req.setUrn(`urn:pulumi:dev::eks-hybrid-network::${cluster.type}::${cluster.name}`);
    req.setProperties(Struct.fromJavaScript(cluster.inputs));
    req.setOptions(new pb.AnalyzerResourceOptions());
    const res = await call<any>(client, "analyze", req);
    const messages: string[] = res.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`);
    assert.ok(
      messages.some((m) => m.includes("remote-cidrs-private: ") && m.includes("192.16.32.0/23 is public (not RFC 1918 or 100.64.0.0/10)")),
      messages.join("\n"),
    );
  });

  it("a stack policy fails a MetalLB pool outside the node network", async () => {
    const stack = mutate(ciliumStack(), "hybrid-dev-lb-pool", (i) => (i.spec.blocks = [{ cidr: "10.0.0.0/28" }]));
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
      stack.map((r) => {
        const a = new pb.AnalyzerResource();
        a.setType(r.type);
        a.setName(r.name);
        a.setUrn(`urn:pulumi:dev::eks-hybrid-network::${r.type}::${r.name}`);
        a.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.inputs))));
        a.setOptions(new pb.AnalyzerResourceOptions());
        return a;
      }),
    );
    const res = await call<any>(client, "analyzeStack", req);
    const messages: string[] = res.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`);
    assert.ok(
      messages.some((m) => m.startsWith("lb-pools-in-node-network: ") && m.includes("10.0.0.0/28 is not inside the remote node CIDRs")),
      messages.join("\n"),
    );
    assert.equal(messages.length, 1, messages.join("\n"));
  });
});
