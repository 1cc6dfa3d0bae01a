/**
 * Real TCP traffic for the twin's flows, with the project's own node binary inside the
 * namespaces (no nc/socat needed): a listener accepting on a set of ports, and connects sent
 * all at once that tell open, refused, unreachable and timed out apart. Bounded in time.
 */
import * as path from "node:path";
import { ChildProcess, spawn } from "node:child_process";
import { startIn } from "./sys";

/** Accepts on every port of argv[1] (comma-separated), on every address; answers and closes. */
const LISTENER = `
const net = require("node:net");
for (const p of process.argv[1].split(",")) {
  net.createServer((s) => { s.on("error", () => {}); s.end("ok\\n"); }).on("error", (e) => { console.error(p, e.message); process.exit(1); }).listen(Number(p), "0.0.0.0");
}
setTimeout(() => console.log("listening"), 10);
`;

/** Start a listener on `ports` in `ns`. */
export function startListener(ns: string, ports: readonly number[], dir: string, name: string): ChildProcess {
  return startIn(
    ns,
    `listener ${name}`,
    process.execPath,
    ["-e", LISTENER, [...new Set(ports)].join(",")],
    path.join(dir, `${name}.listen.log`),
  );
}

export type ConnectResult = "open" | "refused" | "unreachable" | "timeout" | string;

/** argv: JSON [[dst, port, src|"-"], …] and timeoutMs → prints a JSON array of results, in order. */
const CONNECT_ALL = `
const net = require("node:net");
const reqs = JSON.parse(process.argv[1]);
const ms = Number(process.argv[2]);
Promise.all(reqs.map(([dst, port, src]) => new Promise((done) => {
  const s = net.connect({ host: dst, port, ...(src !== "-" ? { localAddress: src } : {}) });
  const end = (w) => { s.destroy(); done(w); };
  s.setTimeout(ms, () => end("timeout"));
  s.on("connect", () => end("open"));
  s.on("error", (e) => end(e.code === "ECONNREFUSED" ? "refused" : /UNREACH/.test(e.code) ? "unreachable" : "error:" + e.code));
}))).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });
`;

/** One TCP connection to make: from namespace `ns` (optionally from address `src`). */
export interface ConnectRequest {
  readonly ns: string;
  readonly dst: string;
  readonly port: number;
  readonly src?: string;
}

/** Run one process's connects (all at once) inside `ns`. */
function connectIn(ns: string, reqs: readonly ConnectRequest[], timeoutMs: number): Promise<ConnectResult[]> {
  const arg = JSON.stringify(reqs.map((r) => [r.dst, r.port, r.src ?? "-"]));
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, "-e", CONNECT_ALL, arg, String(timeoutMs)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs + 8000);
    child.on("close", () => {
      clearTimeout(kill);
      try {
        resolve(JSON.parse(out) as ConnectResult[]);
      } catch {
        resolve(reqs.map(() => `error: ${err.split("\n")[0] || "the probe process gave no answer"}`));
      }
    });
  });
}

/**
 * Every connection at once: one process per source namespace, all of its connections in
 * parallel; results in the order of `reqs`. Bounded by `timeoutMs` per connection.
 */
export async function connectAll(reqs: readonly ConnectRequest[], timeoutMs = 1500): Promise<ConnectResult[]> {
  const byNs = new Map<string, number[]>();
  reqs.forEach((r, i) => byNs.set(r.ns, [...(byNs.get(r.ns) ?? []), i]));
  const out: ConnectResult[] = new Array(reqs.length);
  await Promise.all(
    [...byNs].map(async ([ns, idx]) => {
      const res = await connectIn(
        ns,
        idx.map((i) => reqs[i]),
        timeoutMs,
      );
      idx.forEach((i, k) => (out[i] = res[k]));
    }),
  );
  return out;
}
