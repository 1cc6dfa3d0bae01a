/**
 * One process for all of a run's TCP listeners and connects, in every namespace: a small Python
 * program that enters a namespace (`setns(2)` on `/run/netns/NS`) only to create a socket there
 * and returns to its own; a socket keeps the namespace it was created in. Before, every
 * listening namespace and every source namespace had its own node process (~50 ms of CPU each,
 * 8–10 per twin run). Commands and answers are JSON lines on stdin/stdout:
 * - `{"id", "listen": [NS, [PORT…]]}` → `{"id", "ok": true}` once every port listens (0.0.0.0),
 *   or `{"id", "error"}`; each accepted connection gets `ok\n` and is closed;
 * - `{"id", "connect": [[NS, DST, PORT, SRC|null]…], "timeout": S}` → `{"id", "results": […]}`
 *   in order: `open`, `refused` (ECONNREFUSED), `unreachable` (EHOSTUNREACH, ENETUNREACH),
 *   `timeout`, or `error:ERRNO`; all connects at once, each bounded by the timeout.
 * It exits when its stdin closes (the lab process is gone) or on SIGTERM.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bin, NETNS_DIR } from "./sys";

const AGENT = String.raw`
import ctypes, errno, json, os, selectors, socket, sys, time
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
home = os.open("/proc/self/ns/net", os.O_RDONLY)
def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
def sock_in(ns, kind):
    fd = os.open(ns, os.O_RDONLY)
    try:
        setns(fd)
        try:
            return kind()
        finally:
            setns(home)
    finally:
        os.close(fd)
sel = selectors.DefaultSelector()
pending = {}
def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
def verdict(code):
    if code == 0: return "open"
    if code == errno.ECONNREFUSED: return "refused"
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH): return "unreachable"
    return "error:" + errno.errorcode.get(code, str(code))
def finish(req):
    if not req["left"]:
        say({"id": req["id"], "results": req["results"]})
        del pending[req["id"]]
def settle(s, req, i, result):
    sel.unregister(s)
    s.close()
    req["results"][i] = result
    req["left"].discard(i)
    finish(req)
def listen(msg):
    ns, ports = msg["listen"]
    try:
        for p in ports:
            def make():
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("0.0.0.0", p))
                s.listen(64)
                return s
            s = sock_in(ns, make)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, ("accept", None, None))
        say({"id": msg["id"], "ok": True})
    except OSError as e:
        say({"id": msg["id"], "error": "%s port %s: %s" % (ns, p, e.strerror)})
def connect(msg):
    req = {"id": msg["id"], "results": [None] * len(msg["connect"]), "left": set(), "until": time.monotonic() + msg["timeout"]}
    pending[msg["id"]] = req
    for i, (ns, dst, port, src) in enumerate(msg["connect"]):
        def make():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if src: s.bind((src, 0))
            return s
        try:
            s = sock_in(ns, make)
        except OSError as e:
            req["results"][i] = verdict(e.errno)
            continue
        s.setblocking(False)
        code = s.connect_ex((dst, port))
        if code in (0, errno.EINPROGRESS):
            req["left"].add(i)
            sel.register(s, selectors.EVENT_WRITE, ("connect", req, i))
        else:
            s.close()
            req["results"][i] = verdict(code)
    finish(req)
sel.register(sys.stdin, selectors.EVENT_READ, ("stdin", None, None))
buf = ""
while True:
    now = time.monotonic()
    waits = [r["until"] - now for r in pending.values()]
    for key, _ in sel.select(max(0, min(waits)) if waits else None):
        what, req, i = key.data
        if what == "stdin":
            chunk = os.read(sys.stdin.fileno(), 65536).decode()
            if not chunk: sys.exit(0)
            buf += chunk
            while "\n" in buf:
                line, buf = buf.split("\n", 1)
                msg = json.loads(line)
                listen(msg) if "listen" in msg else connect(msg)
        elif what == "accept":
            try:
                c, _ = key.fileobj.accept()
                c.setblocking(False)
                try: c.send(b"ok\n")
                except OSError: pass
                c.close()
            except OSError:
                pass
        elif req["id"] in pending:
            settle(key.fileobj, req, i, verdict(key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)))
    now = time.monotonic()
    for req in list(pending.values()):
        if now >= req["until"]:
            for key in list(sel.get_map().values()):
                if key.data[0] == "connect" and key.data[1] is req:
                    settle(key.fileobj, req, key.data[2], "timeout")
`;

/** The Debian package's interpreter when there is one (a PATH shim, e.g. pyenv's, costs ~0.2 s CPU a start). */
const python = () => (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : bin("python3"));

/** A run's probe process: listeners and connects in any of its namespaces. */
export class ProbeAgent {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  private nextId = 1;
  private out = "";
  private exited = false;

  /** Start the agent; its stderr goes to `logFile`. */
  constructor(logFile: string) {
    const fd = fs.openSync(logFile, "a");
    this.child = spawn(python(), ["-c", AGENT], { stdio: ["pipe", "pipe", fd] });
    fs.closeSync(fd);
    if (this.child.pid === undefined) throw new Error("could not start the probe agent (python3)");
    this.child.stdin!.on("error", () => undefined);
    this.child.stdout!.on("data", (d) => {
      this.out += d;
      for (let nl = this.out.indexOf("\n"); nl >= 0; nl = this.out.indexOf("\n")) {
        const line = this.out.slice(0, nl);
        this.out = this.out.slice(nl + 1);
        const answer = JSON.parse(line) as { id: number };
        this.waiting.get(answer.id)?.(answer);
        this.waiting.delete(answer.id);
      }
    });
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      for (const [, reply] of this.waiting) reply({ error: `the probe process exited (${signal ?? `exit ${code}`}); see ${logFile}` });
      this.waiting.clear();
    });
  }

  private ask(msg: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.resolve({ error: "the probe process is not running" });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ error: `no answer from the probe process in ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiting.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      this.child.stdin!.write(`${JSON.stringify({ id, ...msg })}\n`);
    });
  }

  /** Listen on `ports` in `ns`; resolves to an error text, or undefined once every port listens. */
  async listen(ns: string, ports: readonly number[], timeoutMs = 10000): Promise<string | undefined> {
    const a = await this.ask({ listen: [path.join(NETNS_DIR, ns), [...new Set(ports)]] }, timeoutMs);
    return a.ok === true ? undefined : String(a.error ?? "no answer");
  }

  /** Connect from each request's namespace, all at once, each bounded by `timeoutMs`; results in order. */
  async connect(reqs: readonly { ns: string; dst: string; port: number; src?: string }[], timeoutMs: number): Promise<string[]> {
    const a = await this.ask(
      { connect: reqs.map((r) => [path.join(NETNS_DIR, r.ns), r.dst, r.port, r.src ?? null]), timeout: timeoutMs / 1000 },
      timeoutMs + 8000,
    );
    return Array.isArray(a.results) ? (a.results as string[]) : reqs.map(() => `error: ${String(a.error)}`);
  }

  /** Its process id while it runs (to stop it, closing every socket it holds). */
  get pid(): number | undefined {
    return this.exited ? undefined : this.child.pid;
  }
}
