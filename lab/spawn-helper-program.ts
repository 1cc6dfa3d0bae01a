/**
 * The Python program of the lab's command runner (`spawn-helper.ts`): it starts the lab's
 * commands so that the lab's Node process (hundreds of MB inside a mocha worker) never forks.
 * A fork copies the parent's page tables and the child's exec tears them down again: ~1.5–4 ms
 * of CPU per command from a big Node process, against a fraction of that from this small one.
 *
 * Two channels, one JSON object per line each way:
 * - synchronous: the FIFOs `DIR/req` (requests) and `DIR/res` (answers), one request at a time
 *   (the Node side blocks in read(2)); `ready` on `res` once both are open;
 * - asynchronous: stdin/stdout, each request in its own thread, answers in any order (by `id`).
 * Request `{"id", "argv", "ns"?, "input"?, "timeoutMs"}`: run `argv` (stdin: `input`, else
 * /dev/null) inside the network namespace file `ns` when given (setns(2) of the thread that
 * starts it, then back, as `nsenter --net=NS` would run it, with nsenter's messages when that
 * fails), SIGTERM after `timeoutMs` (SIGKILL 2 s later). Answer `{"id", "code", "signal",
 * "timedOut", "stdout", "stderr", "spawnError"?}`.
 * SIGINT and SIGTERM are ignored (the lab's signal handlers still run their cleanup commands
 * through it); it kills what it runs and exits when either channel reaches EOF, which is when
 * the Node process closes it or dies.
 */
export const SPAWN_HELPER = String.raw`
import ctypes, errno, json, os, selectors, signal, subprocess, sys, threading, time
# A handler, not SIG_IGN: an ignored signal would stay ignored in the commands it starts.
for sig in (signal.SIGINT, signal.SIGTERM): signal.signal(sig, lambda *_: None)
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
home = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
running = set()
lock = threading.Lock()
def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
def shutdown():
    with lock:
        for p in running:
            try: p.kill()
            except OSError: pass
    os._exit(0)
def start(req):
    argv, ns, inp = req["argv"], req.get("ns"), req.get("input")
    stdin = subprocess.DEVNULL if inp is None else subprocess.PIPE
    if ns is None:
        try:
            return subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            return {"code": None, "spawnError": "spawnSync %s %s" % (argv[0], errno.errorcode.get(e.errno, str(e.errno)))}
    try:
        fd = os.open(ns, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        return {"code": 1, "stderr": "nsenter: cannot open %s: %s" % (ns, e.strerror)}
    try:
        setns(fd)
    except OSError as e:
        os.close(fd)
        return {"code": 1, "stderr": "nsenter: reassociate to namespace 'ns/net' failed: %s" % e.strerror}
    os.close(fd)
    try:
        return subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        return {"code": 127, "stderr": "nsenter: failed to execute %s: %s" % (argv[0], e.strerror)}
    finally:
        try:
            setns(home)
        except OSError:
            os._exit(70)  # a thread stuck in another namespace must not run anything more
def collect(p, inp, timeout):
    # stdout, stderr and the exit (a pidfd) in one poll loop: no sleeps between polls.
    sel = selectors.DefaultSelector()
    chunks = {p.stdout: [], p.stderr: []}
    for f in chunks: sel.register(f, selectors.EVENT_READ)
    pidfd = os.pidfd_open(p.pid)
    sel.register(pidfd, selectors.EVENT_READ)
    if inp is not None:
        data = inp.encode()
        if data: sel.register(p.stdin, selectors.EVENT_WRITE)
        else: p.stdin.close()
    until = time.monotonic() + timeout
    exited = False
    try:
        while len(sel.get_map()):
            left = until - time.monotonic()
            if left <= 0: return False, chunks
            for key, _ in sel.select(left):
                f = key.fileobj
                if f is pidfd:
                    exited = True
                    sel.unregister(f)
                elif f is p.stdin:
                    try:
                        data = data[os.write(f.fileno(), data[:1 << 16]):]
                    except BrokenPipeError:
                        data = b""
                    if not data:
                        sel.unregister(f)
                        f.close()
                else:
                    chunk = os.read(f.fileno(), 1 << 16)
                    if chunk: chunks[f].append(chunk)
                    else: sel.unregister(f)
        return True, chunks
    finally:
        sel.close()
        os.close(pidfd)
def execute(req):
    p = start(req)
    if isinstance(p, dict):
        return {"stdout": "", "stderr": "", "timedOut": False, "signal": None, **p}
    with lock: running.add(p)
    try:
        done, chunks = collect(p, req.get("input"), req["timeoutMs"] / 1000)
        if not done:
            p.terminate()
            try: p.wait(2)
            except subprocess.TimeoutExpired: p.kill()
        p.wait()
    finally:
        with lock: running.discard(p)
        for f in (p.stdin, p.stdout, p.stderr):
            if f and not f.closed: f.close()
    rc = p.returncode
    text = lambda f: b"".join(chunks[f]).decode(errors="replace")
    return {"code": rc if rc >= 0 else None, "signal": signal.Signals(-rc).name if rc < 0 else None, "timedOut": not done,
            "stdout": text(p.stdout), "stderr": text(p.stderr)}
def answer(req):
    try:
        a = execute(req)
    except Exception as e:
        a = {"code": None, "signal": None, "timedOut": False, "stdout": "", "stderr": "", "spawnError": "command runner: %r" % e}
    a["id"] = req.get("id")
    return (json.dumps(a) + "\n").encode()
def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]
def lines(fd):
    buf = b""
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk: return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            yield json.loads(line)
def serve_sync(d):
    # Whatever ends this loop ends the process: the Node side, blocked reading res, then sees EOF.
    try:
        req = os.open(os.path.join(d, "req"), os.O_RDONLY | os.O_CLOEXEC)
        res = os.open(os.path.join(d, "res"), os.O_WRONLY | os.O_CLOEXEC)
        write_all(res, b"ready\n")
        for r in lines(req):
            write_all(res, answer(r))
    finally:
        shutdown()
out_lock = threading.Lock()
def serve_async_one(r):
    a = answer(r)
    with out_lock: write_all(1, a)
d = sys.argv[1]
os.mkfifo(os.path.join(d, "req"), 0o600)
os.mkfifo(os.path.join(d, "res"), 0o600)
threading.Thread(target=serve_sync, args=(d,), daemon=True).start()
try:
    for r in lines(0):
        threading.Thread(target=serve_async_one, args=(r,), daemon=True).start()
finally:
    shutdown()
`;
