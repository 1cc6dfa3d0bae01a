/**
 * Real TCP traffic for the twin's flows, with the project's own node binary inside the
 * namespaces (no nc/socat needed): a listener accepting on a set of ports, and a one-shot
 * connect that tells open, refused, unreachable and timed out apart. Bounded in time.
 */
import * as path from "node:path";
import { ChildProcess } from "node:child_process";
import { nsRun, startIn } from "./sys";

/** Accepts on every port of argv[1] (comma-separated), on every address; answers and closes. */
const LISTENER = `
const net = require("node:net");
for (const p of process.argv[1].split(",")) {
  net.createServer((s) => { s.on("error", () => {}); s.end("ok\\n"); }).on("error", (e) => { console.error(p, e.message); process.exit(1); }).listen(Number(p), "0.0.0.0");
}
setTimeout(() => console.log("listening"), 10);
`;

/** argv: dst port src timeoutMs → prints open|refused|unreachable|timeout|error:<code>. */
const CONNECT = `
const net = require("node:net");
const [dst, port, src, ms] = process.argv.slice(1);
const s = net.connect({ host: dst, port: Number(port), ...(src !== "-" ? { localAddress: src } : {}) });
const done = (w) => { console.log(w); s.destroy(); process.exit(0); };
s.setTimeout(Number(ms), () => done("timeout"));
s.on("connect", () => done("open"));
s.on("error", (e) => done(e.code === "ECONNREFUSED" ? "refused" : /UNREACH/.test(e.code) ? "unreachable" : "error:" + e.code));
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

/** One TCP connect from `ns` (optionally from address `src`). */
export function connect(ns: string, dst: string, port: number, src?: string, timeoutMs = 1200): ConnectResult {
  const r = nsRun(ns, process.execPath, ["-e", CONNECT, dst, String(port), src ?? "-", String(timeoutMs)], timeoutMs + 4000);
  return r.stdout.trim() || `error: ${r.stderr.split("\n")[0]}`;
}
