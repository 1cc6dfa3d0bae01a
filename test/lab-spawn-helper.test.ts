/**
 * The lab's command runner (lab/spawn-helper.ts) through its public surface, `run`/`runAsync`/
 * `nsRun` of lab/sys.ts, with real commands. The oracle is Node's own child_process, which the
 * lab used before and still falls back to (`runForked`, `runAsyncForked`): every result (ok, exit
 * code, stdout, stderr, timeout message) must be the same either way. Then what only the runner
 * does: it runs the commands (not this process), enters namespaces itself (root), ignores
 * SIGTERM/SIGINT (cleanup in signal handlers still runs commands) and dies with its Node process.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { must, NETNS_DIR, nsArgs, nsRun, run, runAsync, runAsyncForked, runForked, sleepSync } from "../lab/sys";

/** `sh -c SCRIPT`: echoes stdin, prints $1 to stdout and $2 to stderr, exits with $3. */
const SCRIPT = ["-c", 'cat; printf %s "$1"; printf %s "$2" >&2; exit "$3"', "sh"];
const text = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\0"));
const isRoot = process.getuid?.() === 0;

/** Whether a process is running (not a zombie). */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("lab command runner (lab/spawn-helper.ts)", function () {
  this.timeout(60000);

  it("runs the commands itself: their parent is the python3 runner, not this Node process", () => {
    const ppid = Number(must("sh", ["-c", "echo $PPID"]).trim());
    assert.notEqual(ppid, process.pid);
    assert.equal(fs.readFileSync(`/proc/${ppid}/comm`, "utf8").trim(), "python3");
    assert.equal(Number(runForked("sh", ["-c", "echo $PPID"]).stdout.trim()), process.pid, "the fallback forks this process");
  });

  it("exit code, stdout, stderr and stdin as Node's execFileSync gives them (property)", () => {
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), text, text, fc.integer({ min: 0, max: 255 }), (input, out, err, code) => {
        const args = [...SCRIPT, out, err, String(code)];
        const got = run("sh", args, 5000, input);
        assert.deepEqual(got, runForked("sh", args, 5000, input));
        assert.equal(got.code, code);
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it("the same through runAsync as through Node's execFile, and commands run side by side", async () => {
    const cases: [string, string[], string?][] = [
      ["sh", [...SCRIPT, "out", "err", "3"], "in\n"],
      ["sh", [...SCRIPT, "out", "", "4"]], // empty stderr: execFile's "Command failed: …" message
      ["sh", [...SCRIPT, "é", "", "0"], "x"],
      ["/nonexistent/tool", []],
    ];
    for (const [cmd, args, input] of cases)
      assert.deepEqual(await runAsync(cmd, args, 5000, input), await runAsyncForked(cmd, args, 5000, input));
    const t0 = Date.now();
    const rs = await Promise.all([1, 2, 3].map((i) => runAsync("sh", ["-c", `sleep 0.6; echo ${i}`])));
    assert.deepEqual(
      rs.map((r) => r.stdout),
      ["1\n", "2\n", "3\n"],
    );
    assert.ok(Date.now() - t0 < 1500, `three 0.6 s commands took ${Date.now() - t0} ms: not side by side`);
  });

  it("a command over its time is stopped and reported as timed out, as before", async () => {
    const t0 = Date.now();
    const r = run("sleep", ["5"], 300);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(r, runForked("sleep", ["5"], 300));
    assert.deepEqual(r, { ok: false, code: null, stdout: "", stderr: "(timed out after 300 ms)" });
    // A command that ignores SIGTERM is killed after the grace time, not waited for.
    const stubborn = run("sh", ["-c", "trap '' TERM; echo started; sleep 10"], 300);
    assert.equal(stubborn.ok, false);
    assert.match(stubborn.stderr, /timed out after 300 ms/);
    assert.deepEqual(await runAsync("sleep", ["5"], 300), await runAsyncForked("sleep", ["5"], 300));
  });

  it("a failing command's error names it and carries its stderr; a missing one is ENOENT", () => {
    assert.throws(() => must("sh", ["-c", "echo boom >&2; exit 4"]), /^Error: sh -c echo boom >&2; exit 4 failed: boom$/);
    assert.throws(() => must("sh", ["-c", "exit 5"]), /failed: exit 5$/);
    assert.deepEqual(run("/nonexistent/tool", ["x"]), runForked("/nonexistent/tool", ["x"]));
    assert.match(run("/nonexistent/tool", ["x"]).stderr, /ENOENT/);
  });

  it("ignores SIGTERM and SIGINT (cleanup in the lab's signal handlers runs commands through it)", () => {
    const runner = Number(must("sh", ["-c", "echo $PPID"]).trim());
    process.kill(runner, "SIGTERM");
    process.kill(runner, "SIGINT");
    sleepSync(100);
    assert.ok(alive(runner));
    assert.equal(must("echo", ["still here"]), "still here\n");
    assert.equal(Number(must("sh", ["-c", "echo $PPID"]).trim()), runner);
  });

  it("dies with its Node process, also when that is killed (SIGKILL)", async () => {
    const sys = JSON.stringify(path.resolve(__dirname, "../lab/sys.ts"));
    const code = `process.stderr.write(require(${sys}).must("sh", ["-c", "echo $PPID"])); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "-e", code], { stdio: ["ignore", "ignore", "pipe"] });
    try {
      const runner = await new Promise<number>((resolve, reject) => {
        let err = "";
        child.stderr.on("data", (d) => {
          err += d;
          const m = /^(\d+)\n/m.exec(err);
          if (m) resolve(Number(m[1]));
        });
        child.on("exit", () => reject(new Error(`node exited: ${err}`)));
        setTimeout(() => reject(new Error(`no runner pid from the node process in 20 s: ${err}`)), 20000);
      });
      assert.ok(alive(runner));
      child.kill("SIGKILL");
      const until = Date.now() + 3000;
      while (alive(runner) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.ok(!alive(runner), "the runner outlived its Node process");
    } finally {
      child.kill("SIGKILL");
    }
  });

  (isRoot ? describe : describe.skip)("root: namespaces", () => {
    const ns = `ehl-spawntest-${process.pid}`;
    before(() => must("ip", ["netns", "add", ns]));
    after(() => run("ip", ["netns", "del", ns]));

    it("nsRun runs inside the namespace (no nsenter process) and the runner returns to its own", () => {
      const inode = fs.statSync(path.join(NETNS_DIR, ns)).ino;
      const seen = nsRun(ns, "sh", ["-c", "readlink /proc/self/ns/net; cat /proc/$PPID/comm"]);
      assert.deepEqual(seen.stdout.split("\n").slice(0, 2), [`net:[${inode}]`, "python3"]);
      assert.equal(run("readlink", ["/proc/self/ns/net"]).stdout.trim(), fs.readlinkSync("/proc/self/ns/net"));
      assert.deepEqual(nsRun(ns, "ip", ["-j", "link", "show"]), runForked(...nsArgs(ns, "ip", ["-j", "link", "show"])));
    });

    it("a missing namespace or command fails with nsenter's own messages and codes", () => {
      for (const [n, cmd] of [
        ["ehl-no-such-ns", "ip"],
        [ns, "/nonexistent/tool"],
      ]) {
        const got = nsRun(n, cmd, ["link"]);
        assert.deepEqual(got, runForked(...nsArgs(n, cmd, ["link"])));
        assert.equal(got.ok, false);
      }
    });
  });
});
