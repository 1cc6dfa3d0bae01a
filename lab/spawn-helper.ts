/**
 * The lab's command runner: one small Python process per lab Node process that starts the lab's
 * commands for it (program and protocol in `spawn-helper-program.ts`). Node's child_process
 * forks (libuv uses fork(2) on Linux), and a fork of a big Node process costs it milliseconds of
 * CPU in copying and tearing down page tables; the lab starts thousands of commands.
 *
 * Synchronous calls block in read(2) on a FIFO (run() must stay synchronous: cleanup runs in
 * exit and signal handlers); asynchronous ones go over the helper's stdin/stdout. Whenever the
 * helper is not available (no python3, did not start within 5 s, exited, or
 * `EHL_LAB_SPAWN_HELPER=0`), callers get `undefined` and run the command themselves.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sleepSync } from "./sleep";
import { SPAWN_HELPER } from "./spawn-helper-program";
import type { RunResult } from "./sys";

/** What the helper reports for one command. */
export interface HelperAnswer {
  /** Exit code; null when a signal ended it or it could not be started. */
  readonly code: number | null;
  /** The signal that ended it (`SIGTERM` after a timeout). */
  readonly signal: string | null;
  /** Whether it was stopped because it ran longer than its timeout. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started at all (the message Node's spawn would give). */
  readonly spawnError?: string;
}

/** One command for the helper: `argv` (argv[0] a path), inside the namespace file `ns` if given. */
export interface HelperRequest {
  readonly argv: readonly string[];
  readonly ns?: string;
  readonly input?: string;
  readonly timeoutMs: number;
}

/** Debian's interpreter when there is one; `-S` (no site module: the program uses the standard library only) saves ~5 ms a start. */
const python = () => (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

class SpawnHelper {
  private readonly waiting = new Map<number, (a: HelperAnswer) => void>();
  private nextId = 1;
  private out = "";
  private dead = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly req: number,
    private readonly res: number,
  ) {
    child.stdin!.on("error", () => undefined);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      this.out += d;
      for (let nl = this.out.indexOf("\n"); nl >= 0; nl = this.out.indexOf("\n")) {
        const line = this.out.slice(0, nl);
        this.out = this.out.slice(nl + 1);
        try {
          const a = JSON.parse(line) as HelperAnswer & { id: number };
          this.settle(a.id, a);
        } catch {
          this.die();
        }
      }
    });
    child.on("exit", () => this.die());
    this.unrefIfIdle();
  }

  /** Start the helper and connect its FIFOs; undefined when that fails (callers fall back). */
  static start(): SpawnHelper | undefined {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ehl-spawn-"));
    let child: ChildProcess | undefined;
    const fds: number[] = [];
    try {
      child = spawn(python(), ["-S", "-c", SPAWN_HELPER, dir], { stdio: ["pipe", "pipe", "inherit"] });
      child.on("error", () => undefined);
      if (child.pid === undefined) return undefined;
      // Non-blocking opens first (a blocking open of a FIFO waits for its other end, forever if
      // the helper never comes): `req` opens once the helper waits on it as a reader.
      const until = Date.now() + 5000;
      const { O_WRONLY, O_RDONLY, O_NONBLOCK } = fs.constants;
      let reqNb: number | undefined;
      while (reqNb === undefined && Date.now() < until) {
        try {
          reqNb = fs.openSync(path.join(dir, "req"), O_WRONLY | O_NONBLOCK);
        } catch {
          sleepSync(2); // not made yet (ENOENT) or no reader yet (ENXIO)
        }
      }
      if (reqNb === undefined) throw new Error("no reader");
      fds.push(reqNb);
      const resNb = fs.openSync(path.join(dir, "res"), O_RDONLY | O_NONBLOCK);
      fds.push(resNb);
      let hello = "";
      const b = Buffer.alloc(16);
      while (hello !== "ready\n" && Date.now() < until) {
        try {
          const n = fs.readSync(resNb, b, 0, b.length, null);
          if (n === 0) sleepSync(2); // the helper has not opened `res` for writing yet
          hello += b.toString("utf8", 0, n);
        } catch {
          sleepSync(2); // EAGAIN: opened, nothing written yet
        }
      }
      if (hello !== "ready\n") throw new Error("no ready line");
      // Both ends are held by the helper now: blocking opens return at once.
      const res = fs.openSync(path.join(dir, "res"), O_RDONLY);
      fds.push(res);
      const req = fs.openSync(path.join(dir, "req"), O_WRONLY);
      fds.push(req);
      fs.closeSync(reqNb);
      fs.closeSync(resNb);
      return new SpawnHelper(child, req, res);
    } catch {
      fds.forEach((fd) => fs.closeSync(fd));
      child?.kill("SIGKILL");
      return undefined;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Run one command and wait for it; undefined when the helper is gone (before it started it). */
  runSync(r: HelperRequest): HelperAnswer | undefined {
    if (this.dead) return undefined;
    try {
      fs.writeSync(this.req, `${JSON.stringify({ id: 0, ...r })}\n`);
    } catch {
      this.die();
      return undefined;
    }
    let line = "";
    const b = Buffer.alloc(1 << 16);
    while (!line.endsWith("\n")) {
      const n = fs.readSync(this.res, b, 0, b.length, null);
      if (n === 0) {
        this.die();
        return lost(r);
      }
      line += b.toString("utf8", 0, n);
    }
    try {
      return JSON.parse(line) as HelperAnswer;
    } catch {
      this.die();
      return lost(r);
    }
  }

  /** {@link runSync} without blocking; undefined when the helper is gone. */
  runAsync(r: HelperRequest): Promise<HelperAnswer> | undefined {
    if (this.dead) return undefined;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ref();
      this.child.stdin!.write(`${JSON.stringify({ id, ...r })}\n`);
    }).then((a) => (a === LOST ? lost(r) : (a as HelperAnswer)));
  }

  private settle(id: number, a: HelperAnswer | typeof LOST): void {
    this.waiting.get(id)?.(a as HelperAnswer);
    this.waiting.delete(id);
    this.unrefIfIdle();
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    for (const id of [...this.waiting.keys()]) this.settle(id, LOST);
    for (const fd of [this.req, this.res]) {
      try {
        fs.closeSync(fd);
      } catch {
        /* closed */
      }
    }
  }

  // The helper must not keep the Node process alive, except while an answer is awaited.
  private ref(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref(): void }).ref();
  }
  private unrefIfIdle(): void {
    if (this.waiting.size) return;
    this.child.unref();
    (this.child.stdout as unknown as { unref(): void }).unref();
    (this.child.stdin as unknown as { unref?(): void }).unref?.();
  }
}

const LOST = Symbol("lost");

/** The answer for a command whose runner died while it ran (it may have run: not retried). */
function lost(r: HelperRequest): HelperAnswer {
  return {
    code: null,
    signal: null,
    timedOut: false,
    stdout: "",
    stderr: `the lab's command runner exited while running ${r.argv.join(" ")}`,
  };
}

let helper: SpawnHelper | undefined;
let tried = false;

/** This process's helper, started on first use; undefined when it is off or could not start. */
export function spawnHelper(): { runSync: SpawnHelper["runSync"]; runAsync: SpawnHelper["runAsync"] } | undefined {
  if (!tried) {
    tried = true;
    if (process.env.EHL_LAB_SPAWN_HELPER !== "0") helper = SpawnHelper.start();
  }
  return helper && { runSync: (r) => helper!.runSync(r), runAsync: (r) => helper!.runAsync(r) };
}

/**
 * The runner's request for `exe args…`; `nsenter --net=NS CMD…` (`nsenter` is its path) becomes
 * CMD inside NS, entered by the runner itself (no nsenter process).
 */
export function helperRequest(exe: string, args: readonly string[], nsenter: string, timeoutMs: number, input?: string): HelperRequest {
  if (exe === nsenter && args.length > 1 && args[0].startsWith("--net=") && !args[1].startsWith("-"))
    return { ns: args[0].slice("--net=".length), argv: args.slice(1), timeoutMs, input };
  return { argv: [exe, ...args], timeoutMs, input };
}

/** A runner's answer as the lab's `run` reports it (the same fields and messages as execFileSync's). */
export function fromHelper(a: HelperAnswer, timeoutMs: number): RunResult {
  if (a.code === 0 && !a.spawnError) return { ok: true, code: 0, stdout: a.stdout, stderr: "" };
  const timedOut = a.timedOut ? ` (timed out after ${timeoutMs} ms)` : "";
  return { ok: false, code: a.code, stdout: a.stdout, stderr: `${a.spawnError ?? a.stderr}${timedOut}`.trim() };
}
