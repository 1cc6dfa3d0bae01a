/**
 * The routing daemons: FRR (`zebra`, `staticd`, `bgpd`) in the router namespace running the
 * rendered `frr.conf` unchanged, and one `gobgpd` per node. Every path (config, pid files, vty
 * and zserv sockets, logs) lives in the run's own directory, so nothing collides with a system
 * FRR or another run; TCP vty ports are off (`-P 0`).
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { gobgpToml } from "./gobgp-config";
import { isRunning, must, nsRun, nsRunAsync, RunResult, sleep, startIn, tcpListening } from "./sys";
import { LabNode, Topology } from "./types";

export const FRR_DIR = "/usr/lib/frr";
export const FRR_DAEMONS = ["zebra", "staticd", "bgpd"] as const;
/** gobgpd's API port inside each node namespace (each namespace has its own loopback). */
export const GOBGP_API_PORT = 50051;

/** Wait until `ready()` or `timeoutMs`; returns whether it became ready. */
export async function waitFor(ready: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return true;
    if (Date.now() >= until) return false;
    await sleep(stepMs);
  }
}

let frrIds: { uid: number; gid: number } | undefined;
/** The `frr` user's ids (looked up once per process: the TGW's FRR and the router's share them). */
function frrUser(): { uid: number; gid: number } {
  frrIds ??= { uid: Number(must("id", ["-u", "frr"]).trim()), gid: Number(must("id", ["-g", "frr"]).trim()) };
  return frrIds;
}

/** Start FRR in the router namespace with `frrConf` (written byte for byte). */
export async function startFrr(t: Topology, dir: string, frrConf: string): Promise<void> {
  await startFrrIn(t.router.ns, dir, frrConf, [...FRR_DAEMONS, ...(/^router ospf/m.test(frrConf) ? ["ospfd"] : [])]);
}

/** Start FRR `daemons` in `ns`, every path in `dir`. */
export async function startFrrIn(ns: string, dir: string, frrConf: string, daemons: readonly string[]): Promise<void> {
  const { uid, gid } = frrUser();
  fs.chownSync(dir, uid, gid);
  const conf = path.join(dir, "frr.conf");
  fs.writeFileSync(conf, frrConf);
  fs.chownSync(conf, uid, gid);
  const start = async (d: string) => {
    const args = [
      "-f",
      conf,
      "--vty_socket",
      dir,
      "-i",
      path.join(dir, `${d}.pid`),
      "-z",
      path.join(dir, "zserv.api"),
      "-P",
      "0",
      "--log",
      `file:${path.join(dir, `${d}.log`)}`,
    ];
    const child = startIn(ns, d, path.join(FRR_DIR, d), args, path.join(dir, `${d}.out`));
    const vty = path.join(dir, `${d}.vty`);
    const ok = await waitFor(() => fs.existsSync(vty) || !isRunning(child), 8000, 50);
    if (!ok || !isRunning(child))
      throw new Error(`FRR ${d} did not start in ${ns}: ${tail(path.join(dir, `${d}.out`))} ${tail(path.join(dir, `${d}.log`))}`.trim());
  };
  // zebra first (it owns the zserv socket the others connect to, and they retry until it is
  // there); the other daemons side by side, as each only waits for its own vty socket.
  const [first, ...rest] = daemons;
  if (first) await start(first);
  const results = await Promise.allSettled(rest.map(start));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * CMD's output from FRR daemon `daemon` of this run, through its vty socket (`DIR/DAEMON.vty`)
 * as vtysh speaks to it: the command and a NUL; the answer ends with three NULs and a status
 * byte (FRR lib/vty.c, vtysh/vtysh.c `vtysh_client_run`). No vtysh process (~40 ms CPU each).
 * Undefined when the daemon does not answer within `timeoutMs` or refuses the command.
 */
export function vty(dir: string, daemon: string, cmd: string, timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = net.createConnection(path.join(dir, `${daemon}.vty`), () => s.write(`${cmd}\0`));
    const done = (out: string | undefined) => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    s.on("data", (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const n = all.length;
      if (n >= 4 && all[n - 4] === 0 && all[n - 3] === 0 && all[n - 2] === 0)
        done(all[n - 1] === 0 ? all.subarray(0, n - 4).toString("utf8") : undefined);
    });
    s.on("error", () => done(undefined));
    s.on("close", () => done(undefined));
  });
}

/** {@link vty} parsed as JSON (undefined when the daemon did not answer with JSON). */
export async function vtyJson<T = any>(dir: string, daemon: "bgpd" | "ospfd", cmd: string): Promise<T | undefined> {
  const out = await vty(dir, daemon, cmd);
  try {
    return out === undefined ? undefined : (JSON.parse(out) as T);
  } catch {
    return undefined;
  }
}

/**
 * Lines of the config that no FRR daemon accepted. Every daemon reads the whole integrated
 * config and logs the lines it does not know; a line all of them reject is a broken line.
 * `service integrated-vtysh-config` and `line vty` belong to vtysh and are not counted.
 */
export function rejectedConfigLines(dir: string): string[] {
  const ran = [...FRR_DAEMONS, "ospfd"].filter((d) => fs.existsSync(path.join(dir, `${d}.log`)));
  const perDaemon = ran.map((d) => {
    const text = fs.existsSync(path.join(dir, `${d}.log`)) ? fs.readFileSync(path.join(dir, `${d}.log`), "utf8") : "";
    return new Set([...text.matchAll(/No such command on config line (\d+): (.*)$/gm)].map((m) => `line ${m[1]}: ${m[2].trim()}`));
  });
  const vtyshOnly = /^line \d+: (service integrated-vtysh-config|line vty|end)$/;
  return [...perDaemon[0]].filter((l) => perDaemon.every((s) => s.has(l)) && !vtyshOnly.test(l));
}

/** Start gobgpd on a node with its speaker config and announce the node's prefixes. */
export async function startGobgp(node: LabNode, dir: string): Promise<void> {
  if (!node.speaker) return;
  const conf = path.join(dir, `${node.name}.gobgpd.toml`);
  fs.writeFileSync(conf, gobgpToml(node.speaker));
  const log = path.join(dir, `${node.name}.gobgpd.log`);
  const args = ["-f", conf, "-t", "toml", "--api-hosts", `127.0.0.1:${GOBGP_API_PORT}`, "-p", "--pprof-disable", "-l", "info"];
  const child = startIn(node.ns, `gobgpd ${node.name}`, "gobgpd", args, log, { netOnly: true });
  // Ready once its API and BGP ports listen (read from /proc: no process per poll; the gobgp
  // client would block the lab for about a second while gobgpd is still starting) and it has
  // every neighbour of its config, which it logs as it adds each (`msg="Add a peer
  // configuration" Key=ADDR`, gobgp pkg/server/server.go addNeighbor): FRR, started next, dials
  // at once, and a connection gobgpd refuses makes FRR wait its connect-retry before it dials again.
  const api = ["-p", String(GOBGP_API_PORT)];
  const ports = () => tcpListening(child.pid!, GOBGP_API_PORT) && tcpListening(child.pid!, 179);
  const listening = await waitFor(() => !isRunning(child) || ports(), 8000, 50);
  const peers = listening && (await waitFor(() => !isRunning(child) || hasPeers(log, node.speaker!.peers), 8000, 50));
  if (!peers || !isRunning(child)) throw new Error(`gobgpd did not start on ${node.name}: ${tail(log)}`);
  for (const prefix of node.speaker.announce) {
    const r = await nsRunAsync(node.ns, "gobgp", [...api, "global", "rib", "add", "-a", "ipv4", prefix], 4000);
    if (!r.ok) throw new Error(`gobgp on ${node.name} could not announce ${prefix}: ${r.stderr}`);
  }
}

/** Whether gobgpd's log (`-l info`, plain) says it added every peer of `peers`. */
function hasPeers(logFile: string, peers: readonly { address: string }[]): boolean {
  let text: string;
  try {
    text = fs.readFileSync(logFile, "utf8");
  } catch {
    return false;
  }
  const added = new Set(
    text
      .split("\n")
      .filter((l) => l.includes('msg="Add a peer configuration"'))
      .map((l) => /\bKey="?([^"\s]+)"?/.exec(l)?.[1]),
  );
  return peers.every((p) => added.has(p.address));
}

/** `gobgp -p PORT ARGS` inside the node's namespace. */
export function gobgp(node: LabNode, args: readonly string[], timeoutMs = 4000): RunResult {
  return nsRun(node.ns, "gobgp", ["-p", String(GOBGP_API_PORT), ...args], timeoutMs);
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 3): string {
  if (!fs.existsSync(file)) return "";
  return fs.readFileSync(file, "utf8").trim().split("\n").slice(-lines).join(" | ");
}
