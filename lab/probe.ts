/**
 * Real TCP traffic for the twin's flows, with the project's own node binary inside the
 * namespaces (no nc/socat needed): a listener accepting on a set of ports, and connects sent
 * all at once that tell open, refused, unreachable and timed out apart. Bounded in time.
 */
import * as path from "node:path";
import { ChildProcess, spawn } from "node:child_process";
import { nsArgs, startIn } from "./sys";

/**
 * Accepts on every port of argv[1] (comma-separated), on every address; answers and closes.
 * Prints "listening" once every port listens (the listen callbacks: the socket is bound and
 * listening), so the lab waits on that line instead of polling `ss`.
 */
const LISTENER = `
const net = require("node:net");
const ports = process.argv[1].split(",");
let up = 0;
for (const p of ports) {
  net.createServer((s) => { s.on("error", () => {}); s.end("ok\\n"); }).on("error", (e) => { console.error(p, e.message); process.exit(1); }).listen(Number(p), "0.0.0.0", () => { if (++up === ports.length) console.log("listening"); });
}
`;

/** A started listener: the process, and whether every port listens (false: it died or timed out). */
export interface Listener {
  readonly child: ChildProcess;
  readonly ready: Promise<boolean>;
}

/** Start a listener on `ports` in `ns`; `ready` resolves within `timeoutMs`. */
export function startListener(ns: string, ports: readonly number[], dir: string, name: string, timeoutMs = 10000): Listener {
  const child = startIn(
    ns,
    `listener ${name}`,
    process.execPath,
    ["-e", LISTENER, [...new Set(ports)].join(",")],
    path.join(dir, `${name}.listen.log`),
    { netOnly: true, stdout: "pipe" },
  );
  return { child, ready: lineOrExit(child, "listening", timeoutMs) };
}

/** Whether `child` prints the line `line` before it exits and within `timeoutMs`. */
export function lineOrExit(child: ChildProcess, line: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let out = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume(); // keep draining: the process may write more
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.split("\n").some((l) => l.trim() === line)) done(true);
    });
    child.on("exit", () => done(out.split("\n").some((l) => l.trim() === line)));
  });
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
    const child = spawn(...nsArgs(ns, process.execPath, ["-e", CONNECT_ALL, arg, String(timeoutMs)]), {
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
