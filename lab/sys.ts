/**
 * Running commands for the lab: every call bounded in time, every namespace command explicit
 * (`ip -n NS …`, `nsenter --net=/run/netns/NS …`, `ip netns exec NS …` for daemons). A run's
 * processes live in its own namespaces: deleting those finds them in /proc and stops them, and
 * nothing else, on success, failure or interrupt. Tools are run by absolute path (resolved once),
 * and many `ip` commands of one namespace go through one `ip -batch` process (`ip-run.ts`): each
 * spawn costs the lab ~5 ms CPU. Commands are started by a small helper process
 * (`spawn-helper.ts`), not by forking this one.
 */
import { ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { batchText } from "./ip-batch";
import { sleepSync } from "./sleep";
import { fromHelper, helperRequest, spawnHelper } from "./spawn-helper";

const resolved = new Map<string, string>();

/**
 * The absolute path of tool `name` on PATH, looked up once (a spawn by bare name walks PATH with
 * one failed execve per directory before it). A name with a slash, or one not found, is returned
 * as it is (the spawn then fails with the usual ENOENT; preflight names the missing tool).
 */
export function bin(name: string): string {
  if (name.includes("/")) return name;
  let found = resolved.get(name);
  if (found === undefined) {
    found = name;
    for (const dir of (process.env.PATH ?? "").split(":").filter(Boolean)) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) {
          found = file;
          break;
        }
      } catch {
        /* not in this directory */
      }
    }
    resolved.set(name, found);
  }
  return found;
}

/** Where `ip netns add` puts the namespace files (iproute2's NETNS_RUN_DIR). */
export const NETNS_DIR = "/run/netns";

/** Result of a finished command. */
export interface RunResult {
  readonly ok: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command (`input` on its stdin), never longer than `timeoutMs`; never throws. */
export function run(cmd: string, args: readonly string[], timeoutMs = 5000, input?: string): RunResult {
  const a = spawnHelper()?.runSync(helperRequest(bin(cmd), args, bin("nsenter"), timeoutMs, input));
  return a ? fromHelper(a, timeoutMs) : runForked(cmd, args, timeoutMs, input);
}

/** {@link run} with Node's own execFileSync (a fork of this process): without the command runner. */
export function runForked(cmd: string, args: readonly string[], timeoutMs = 5000, input?: string): RunResult {
  try {
    const stdout = execFileSync(bin(cmd), args, {
      timeout: timeoutMs,
      encoding: "utf8",
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      input,
    });
    return { ok: true, code: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status?: number | null; stdout?: string; stderr?: string; message?: string; signal?: string };
    const timedOut = err.signal === "SIGTERM" ? ` (timed out after ${timeoutMs} ms)` : "";
    return {
      ok: false,
      code: err.status ?? null,
      stdout: String(err.stdout ?? ""),
      stderr: `${String(err.stderr ?? err.message ?? "")}${timedOut}`.trim(),
    };
  }
}

/** {@link run} without blocking the event loop (for commands that may run side by side). */
export function runAsync(cmd: string, args: readonly string[], timeoutMs = 5000, input?: string): Promise<RunResult> {
  const pending = spawnHelper()?.runAsync(helperRequest(bin(cmd), args, bin("nsenter"), timeoutMs, input));
  // execFile's messages: "spawn CMD ENOENT", and "Command failed: CMD ARGS" when stderr is empty.
  const failed = `Command failed: ${[bin(cmd), ...args].join(" ")}\n`;
  return pending
    ? pending.then((a) =>
        fromHelper({ ...a, spawnError: a.spawnError?.replace(/^spawnSync /, "spawn "), stderr: a.stderr || failed }, timeoutMs),
      )
    : runAsyncForked(cmd, args, timeoutMs, input);
}

/** {@link runAsync} with Node's own execFile (a fork of this process): without the command runner. */
export function runAsyncForked(cmd: string, args: readonly string[], timeoutMs = 5000, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(bin(cmd), args, { timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, code: 0, stdout, stderr: "" });
      const e = err as { code?: number | string; signal?: string; message?: string };
      const timedOut = e.signal === "SIGTERM" ? ` (timed out after ${timeoutMs} ms)` : "";
      resolve({
        ok: false,
        code: typeof e.code === "number" ? e.code : null,
        stdout: String(stdout ?? ""),
        stderr: `${String(stderr || e.message || "")}${timedOut}`.trim(),
      });
    });
    child.stdin?.on("error", () => undefined); // a command that exits before reading its input
    child.stdin?.end(input ?? "");
  });
}

/** Run a command and throw with its stderr when it fails (setup steps). */
export function must(cmd: string, args: readonly string[], timeoutMs = 5000): string {
  const r = run(cmd, args, timeoutMs);
  if (!r.ok) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || `exit ${r.code}`}`);
  return r.stdout;
}

/**
 * `cmd args…` in the network namespace `ns` only (`nsenter --net=/run/netns/NS`): unlike
 * `ip netns exec` no mount namespace and no /sys remount, which commands that speak netlink,
 * sockets or /proc/sys/net (ip, ping, arping, ss, nft, sysctl, gobgp, node, python) do not need.
 */
export function nsArgs(ns: string, cmd: string, args: readonly string[]): [string, string[]] {
  return [bin("nsenter"), [`--net=${path.join(NETNS_DIR, ns)}`, bin(cmd), ...args]];
}

/** `cmd args…` inside `ns` (see {@link nsArgs}). */
export function nsRun(ns: string, cmd: string, args: readonly string[], timeoutMs = 5000, input?: string): RunResult {
  return run(...nsArgs(ns, cmd, args), timeoutMs, input);
}

/** {@link nsRun} without blocking the event loop. */
export function nsRunAsync(ns: string, cmd: string, args: readonly string[], timeoutMs = 5000): Promise<RunResult> {
  return runAsync(...nsArgs(ns, cmd, args), timeoutMs);
}

/** `sysctl -w` of every `key=value` in `ns` in one process; throws naming the namespace. */
export function sysctls(ns: string, values: readonly (readonly [string, string | number])[]): void {
  if (!values.length) return;
  const r = nsRun(ns, "sysctl", ["-q", "-w", ...values.map(([k, v]) => `${k}=${v}`)]);
  if (!r.ok) throw new Error(`sysctl in ${ns} (${values.map(([k, v]) => `${k}=${v}`).join(" ")}) failed: ${r.stderr || `exit ${r.code}`}`);
}

/** Apply nftables commands (`add table …`, `add rule …`) in `ns` in one `nft -f -`; throws with nft's message. */
export function applyNft(ns: string, commands: readonly string[]): void {
  const r = nsRun(ns, "nft", ["-f", "-"], 5000, `${commands.join("\n")}\n`);
  if (!r.ok) throw new Error(`nft -f - in ${ns} (${commands.join("; ")}) failed: ${r.stderr || `exit ${r.code}`}`);
}

/** Load an nftables ruleset file into `ns`; throws with nft's message. */
export function loadNft(ns: string, file: string): void {
  const r = nsRun(ns, "nft", ["-f", file]);
  if (!r.ok) throw new Error(`nft -f ${file} in ${ns} failed: ${r.stderr || `exit ${r.code}`}`);
}

/** `ip -n NS args…`, throwing on failure. */
export function ipn(ns: string, ...args: string[]): string {
  return must("ip", ["-n", ns, ...args]);
}

export { sleep, sleepSync } from "./sleep";

/**
 * Start a long-running process inside `ns`, output to `logFile` (`stdout: "pipe"`: its stdout to
 * the caller, e.g. to wait for a line that says it is ready). Through `ip netns exec` (the
 * namespace's own /sys, as a daemon such as FRR's zebra may read it) unless `netOnly`.
 */
export function startIn(
  ns: string,
  name: string,
  cmd: string,
  args: readonly string[],
  logFile: string,
  opts: { netOnly?: boolean; stdout?: "pipe" } = {},
): ChildProcess {
  const fd = fs.openSync(logFile, "a");
  const [exe, argv] = opts.netOnly ? nsArgs(ns, cmd, args) : [bin("ip"), ["netns", "exec", ns, bin(cmd), ...args]];
  const child = spawn(exe, argv, { stdio: ["ignore", opts.stdout ?? fd, fd], detached: true });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd}) in ${ns}`);
  return child;
}

/**
 * Whether TCP `port` listens in the network namespace of process `pid`: `/proc/PID/net/tcp`
 * shows the sockets of that process's namespace (state 0A = LISTEN), so no process is started.
 */
export function tcpListening(pid: number, port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  try {
    return fs
      .readFileSync(`/proc/${pid}/net/tcp`, "utf8")
      .split("\n")
      .some((l) => {
        const f = l.trim().split(/\s+/);
        return f[1]?.endsWith(`:${hex}`) && f[3] === "0A";
      });
  } catch {
    return false;
  }
}

/** Whether a process we started is still running. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Running (a zombie waiting for its parent to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Stop the given pids: SIGTERM, then SIGKILL after `graceMs`. Synchronous (usable on exit). */
export function stopPids(pids: readonly number[], graceMs = 1500): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const until = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < until) sleepSync(50);
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone meanwhile */
    }
  }
}

/** Namespaces whose name starts with `prefix`. */
export function namespacesWithPrefix(prefix: string): string[] {
  // What `ip netns list` prints: the entries of its run directory.
  try {
    return fs.readdirSync(NETNS_DIR).filter((n) => n.startsWith(prefix));
  } catch {
    return []; // no namespace was ever added on this machine
  }
}

/** `dev:ino` of a network namespace file (the identity `ip netns pids` compares). */
function nsId(file: string): string | undefined {
  try {
    const s = fs.statSync(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The processes inside each of `namespaces`, read from /proc once for all of them (what
 * `ip netns pids` does for one: a process whose /proc/PID/ns/net is the namespace file's inode).
 */
export function pidsIn(namespaces: readonly string[]): number[] {
  const ids = new Set(namespaces.map((ns) => nsId(path.join(NETNS_DIR, ns))).filter((x): x is string => x !== undefined));
  if (!ids.size) return [];
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .filter((p) => ids.has(nsId(`/proc/${p}/ns/net`) ?? ""))
    .map(Number);
}

/**
 * Stop whatever still runs inside `namespaces` (only processes of our own namespaces), then
 * delete them: one scan of /proc, one `ip -force -batch` (every deletion is attempted).
 */
export function deleteNamespaces(namespaces: readonly string[]): void {
  if (!namespaces.length) return;
  const pids = pidsIn(namespaces);
  if (pids.length) stopPids(pids, 1000);
  run("ip", ["-force", "-batch", "-"], 10000, batchText(namespaces.map((ns) => ["netns", "del", ns])));
}

/** Whether a process id from a namespace name is alive (to tell live runs from crashed ones). */
export function pidAlive(pid: number): boolean {
  return pid > 0 && alive(pid);
}
