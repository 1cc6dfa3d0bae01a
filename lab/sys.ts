/**
 * Running commands for the lab: every call bounded in time, every namespace command explicit
 * (`ip -n NS …` / `ip netns exec NS …`), and a registry of the processes the lab started so that
 * they, and only they, are stopped on success, failure or interrupt.
 */
import { ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";

/** Result of a finished command. */
export interface RunResult {
  readonly ok: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command, never longer than `timeoutMs`; never throws. */
export function run(cmd: string, args: readonly string[], timeoutMs = 5000): RunResult {
  try {
    const stdout = execFileSync(cmd, args, { timeout: timeoutMs, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
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
export function runAsync(cmd: string, args: readonly string[], timeoutMs = 5000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) => {
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
  });
}

/** Run a command and throw with its stderr when it fails (setup steps). */
export function must(cmd: string, args: readonly string[], timeoutMs = 5000): string {
  const r = run(cmd, args, timeoutMs);
  if (!r.ok) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || `exit ${r.code}`}`);
  return r.stdout;
}

/** `ip netns exec NS cmd args…` */
export function nsRun(ns: string, cmd: string, args: readonly string[], timeoutMs = 5000): RunResult {
  return run("ip", ["netns", "exec", ns, cmd, ...args], timeoutMs);
}

/** `ip -n NS args…`, throwing on failure. */
export function ipn(ns: string, ...args: string[]): string {
  return must("ip", ["-n", ns, ...args]);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Block for `ms` (cleanup must work inside exit and signal handlers). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const started = new Map<number, { name: string; child: ChildProcess }>();

/** Start a long-running process inside `ns`, output to `logFile`. */
export function startIn(ns: string, name: string, cmd: string, args: readonly string[], logFile: string): ChildProcess {
  const fd = fs.openSync(logFile, "a");
  const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["ignore", fd, fd], detached: true });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd}) in ${ns}`);
  const pid = child.pid;
  started.set(pid, { name, child });
  child.on("exit", () => started.delete(pid));
  return child;
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

/** Stop every process this lab started (by pid). */
export function stopStarted(): void {
  stopPids([...started.keys()]);
}

/** Namespaces whose name starts with `prefix`. */
export function namespacesWithPrefix(prefix: string): string[] {
  const r = run("ip", ["netns", "list"]);
  return r.stdout
    .split("\n")
    .map((l) => l.split(" ")[0])
    .filter((n) => n.startsWith(prefix));
}

/** Stop whatever still runs inside `ns` (only processes of our own namespaces), then delete it. */
export function deleteNamespace(ns: string): void {
  const pids = run("ip", ["netns", "pids", ns]).stdout.split(/\s+/).filter(Boolean).map(Number);
  if (pids.length) stopPids(pids, 1000);
  run("ip", ["netns", "del", ns]);
}

/** Whether a process id from a namespace name is alive (to tell live runs from crashed ones). */
export function pidAlive(pid: number): boolean {
  return pid > 0 && alive(pid);
}
