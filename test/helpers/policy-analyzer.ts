/**
 * The pack as `pulumi policy publish` ships it, served the way the Pulumi CLI runs a published
 * pack: `npm pack` in policy/ (prepack bundles the shared rules; see packedTarball), unpacked in
 * a clean folder with only @pulumi/policy and @pulumi/pulumi linked in, started with node (it
 * prints its gRPC port), and asked over the analyzer protocol — `analyze` per resource,
 * `analyzeStack` once.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineResources, RecordedResource } from "../../policy/harness";
import { PROJECT_DIR } from "../../plan-runner/run-program";
import { sleepSync } from "../../lab/sleep";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const call = <T>(client: any, method: string, req: unknown): Promise<T> =>
  new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

/** One diagnostic as the CLI would print it. */
export interface Diagnostic {
  policy: string;
  message: string;
  urn: string;
}

/** A running packed pack. */
export interface PackedPack {
  /** Folder of the unpacked package. */
  readonly dir: string;
  readonly client: any;
  info(): Promise<any>;
  /** Every diagnostic for a stack: `analyze` on each resource, then `analyzeStack`. */
  run(regs: readonly RecordedResource[], stack?: string): Promise<Diagnostic[]>;
  stop(): void;
}

/** Files the packed package is built from: the pack's sources and the shared rules it bundles. */
function packInputs(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : walk(p);
      return [p];
    });
  return [...walk(path.join(PROJECT_DIR, "policy")), ...walk(path.join(PROJECT_DIR, "components"))].sort();
}

/**
 * `npm pack` of policy/, once per content of its inputs: test files in other mocha workers reuse
 * the tarball (`.cache/policy-pack/`). One process packs at a time (a lock file with its pid; a
 * dead holder's lock is taken over): prepack rewrites policy/dist, which packs running at once
 * would write together.
 */
function packedTarball(): string {
  const hash = createHash("sha1");
  for (const f of packInputs()) hash.update(path.relative(PROJECT_DIR, f)).update("\0").update(fs.readFileSync(f));
  const cache = path.join(PROJECT_DIR, ".cache", "policy-pack");
  const tgz = path.join(cache, `${hash.digest("hex")}.tgz`);
  fs.mkdirSync(cache, { recursive: true });
  const lock = `${tgz}.lock`;
  for (const until = Date.now() + 180_000; !fs.existsSync(tgz);) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
    } catch {
      const holder = Number(fs.readFileSync(lock, "utf8") || 0);
      if (holder && !isAlive(holder)) fs.rmSync(lock, { force: true });
      else if (Date.now() > until) throw new Error(`policy pack: ${lock} held by ${holder} for 3 minutes`);
      else sleepSync(100);
      continue;
    }
    try {
      if (fs.existsSync(tgz)) break;
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-tgz-"));
      const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], {
        cwd: path.join(PROJECT_DIR, "policy"),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const name = JSON.parse(out.slice(out.indexOf("[")))[0].filename as string;
      for (const old of fs.readdirSync(cache).filter((f) => f.endsWith(".tgz"))) fs.rmSync(path.join(cache, old), { force: true });
      fs.renameSync(path.join(tmp, name), tgz);
      fs.rmSync(tmp, { recursive: true, force: true });
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
  return tgz;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unpack(): { tmp: string; dir: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
  execFileSync("tar", ["xzf", packedTarball(), "-C", tmp]);
  const dir = path.join(tmp, "package");
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  for (const m of ["policy", "pulumi"])
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", m), path.join(dir, "node_modules", "@pulumi", m));
  return { tmp, dir };
}

function analyzerResource(r: ReturnType<typeof engineResources>[number]): any {
  const a = new pb.AnalyzerResource();
  a.setType(r.type);
  a.setName(r.name);
  a.setUrn(r.urn);
  a.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.properties))));
  a.setOptions(new pb.AnalyzerResourceOptions());
  for (const [k, urns] of Object.entries(r.propertyDependencies)) {
    const d = new pb.AnalyzerPropertyDependencies();
    d.setUrnsList(urns);
    a.getPropertydependenciesMap().set(k, d);
  }
  return a;
}

const diagnostics = (res: any): Diagnostic[] =>
  res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn() }));

/** Pack, unpack and start the pack; `stop()` ends the process and removes the folder. */
export async function startPackedPack(): Promise<PackedPack> {
  const { tmp, dir } = unpack();
  const child: ChildProcess = spawn(process.execPath, [JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).main], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`pack exited ${code}: ${stderr}`)));
  });
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    dir,
    client,
    info: () => call<any>(client, "getAnalyzerInfo", new Empty()),
    async run(regs, stack = "corpus") {
      const resources = engineResources(regs, stack, "corpus");
      const out: Diagnostic[] = [];
      for (const r of resources) {
        const req = new pb.AnalyzeRequest();
        req.setType(r.type);
        req.setName(r.name);
        req.setUrn(r.urn);
        req.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.properties))));
        req.setOptions(new pb.AnalyzerResourceOptions());
        out.push(...diagnostics(await call<any>(client, "analyze", req)));
      }
      const req = new pb.AnalyzeStackRequest();
      req.setResourcesList(resources.map(analyzerResource));
      out.push(...diagnostics(await call<any>(client, "analyzeStack", req)));
      return out;
    },
    stop() {
      if (child.pid) child.kill();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
