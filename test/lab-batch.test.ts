/**
 * The lab's `ip -batch` helpers against the real iproute2 (read-only queries in this process's own
 * namespace: no root needed): a batch must give each command the result it gets when run alone,
 * and a failing batch must name the command that failed with the message it prints alone.
 * iproute2 reports a failing batch line as `Command failed FILE:LINE` after the command's own
 * error (ip/ip.c `batch()`; iproute2 6.1 here). With root, a planted fault in a real namespace.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { batchError, batchFailures, batchText, splitQueryOutput } from "../lab/ip-batch";
import { NetScript } from "../lab/net-script";
import { bin, deleteNamespaces, namespacesWithPrefix, run } from "../lab/sys";
import { requireLab } from "./helpers/require-lab";

/**
 * Read-only queries of the kinds the lab batches (`ipQuery`: route get/show, neigh show, link
 * show); the odd ones fail in the kernel or in a device lookup, with iproute2's line marker.
 */
const QUERIES: readonly (readonly string[])[] = [
  ["route", "get", "127.0.0.1"],
  ["route", "get", "127.0.0.2", "from", "127.0.0.1"],
  ["link", "show", "lo"],
  ["neigh", "show", "127.0.0.1"],
  ["route", "show", "exact", "203.0.113.0/24"],
  ["route", "show"],
  ["route", "get", "0.0.0.0", "from", "127.0.0.1", "iif", "lo"],
  ["link", "show", "no-such-link0"],
  ["route", "get", "127.0.0.1", "iif", "no-such-link0"],
];
const OK = QUERIES.filter((q) => run("ip", ["-j", ...q]).ok);
const FAILING = QUERIES.filter((q) => !run("ip", ["-j", ...q]).ok);
/** An argument iproute2 refuses while parsing: it exits at once, no line marker (`invarg`). */
const UNPARSABLE = ["route", "get", "300.1.1.1"];

/** Run a batch on stdin as the lab does, without throwing. */
function ipBatch(flags: string[], cmds: readonly (readonly string[])[]): { ok: boolean; code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(bin("ip"), [...flags, "-batch", "-"], { input: batchText(cmds), encoding: "utf8", stdio: "pipe" });
    return { ok: true, code: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { ok: false, code: err.status, stdout: String(err.stdout), stderr: String(err.stderr) };
  }
}

const errorLines = (stderr: string) => stderr.trim().split("\n").join("; ");

describe("lab ip batches against iproute2 (no root needed)", function () {
  this.timeout(60000);
  before(requireLab("lab ip batch test", bin("ip") === "ip" ? ["ip (iproute2) is not on PATH"] : []));

  it("the query set has commands that pass and commands that fail on this machine", () => {
    assert.ok(OK.length >= 4, `passing queries: ${OK.map((q) => q.join(" ")).join(", ")}`);
    assert.ok(FAILING.length >= 2, `failing queries: ${FAILING.map((q) => q.join(" ")).join(", ")}`);
  });

  it("query batch (-force -j): every command gets the result it gets alone, failures with their own message", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...QUERIES), { minLength: 1, maxLength: 12 }), (cmds) => {
        const b = ipBatch(["-force", "-j"], cmds);
        const got = splitQueryOutput(cmds.length, b.stdout, b.stderr);
        cmds.forEach((c, i) => {
          const alone = run("ip", ["-j", ...c]);
          assert.equal(got[i].ok, alone.ok, `${c.join(" ")} in the batch`);
          if (alone.ok) assert.deepEqual(JSON.parse(got[i].stdout), JSON.parse(alone.stdout), c.join(" "));
          else assert.equal(got[i].stderr, errorLines(alone.stderr), c.join(" "));
        });
      }),
      { numRuns: propertyRuns(30) },
    );
  });

  it("setup batch (no -force): stops at the first failure and the error names that command and its message", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...OK), { maxLength: 6 }),
        fc.constantFrom(...FAILING),
        fc.array(fc.constantFrom(...QUERIES), { maxLength: 4 }),
        (before, bad, after) => {
          const cmds = [...before, bad, ...after];
          const b = ipBatch([], cmds);
          assert.equal(b.ok, false);
          assert.deepEqual(
            batchFailures(b.stderr).map((f) => f.index),
            [before.length],
            "iproute2 stops at the first failing line",
          );
          const alone = run("ip", [...bad]);
          const e = batchError("ip", "ns1", cmds, b.stderr, b.code);
          assert.equal(e.message, `ip -n ns1 ${bad.join(" ")} failed: ${errorLines(alone.stderr)}`);
        },
      ),
      { numRuns: propertyRuns(30) },
    );
  });

  it("an argument iproute2 cannot parse ends the batch without a line number: the error carries iproute2's message naming it", () => {
    const cmds = [OK[0], UNPARSABLE, OK[1]];
    const b = ipBatch([], cmds);
    assert.equal(b.ok, false);
    assert.deepEqual(batchFailures(b.stderr), []);
    assert.match(batchError("ip", "ns1", cmds, b.stderr, b.code).message, /^ip -n ns1 -batch \(3 commands\) failed: .*"300\.1\.1\.1"/);
  });

  it("refuses arguments a batch line cannot carry (iproute2 splits on blanks, reads quotes and #)", () => {
    for (const bad of ["a b", 'x"y', "x'y", "#x", "tab\tx", ""])
      assert.throws(() => batchText([["link", "set", bad, "up"]]), /cannot go into an ip batch line/);
    assert.equal(
      batchText([
        ["link", "set", "eth0", "up"],
        ["route", "add", "10.0.0.0/8", "via", "10.1.1.1"],
      ]),
      "link set eth0 up\nroute add 10.0.0.0/8 via 10.1.1.1\n",
    );
  });

  it("a query batch whose output does not match its commands is an error, not a shifted result", () => {
    assert.throws(() => splitQueryOutput(3, "[]\n", ""), /1 output lines for 3 successful commands/);
  });

  it("NetScript: links first (every namespace), then sysctls, then addresses/routes, then FDB; call order kept within a namespace", () => {
    const s = new NetScript()
      .ip("b", "addr", "add", "10.0.0.2/24", "dev", "eth0")
      .veth("a", "pa", "b", "eth0")
      .bridge("b", "fdb", "append", "02:00:00:00:00:01", "dev", "vx", "dst", "10.0.0.9", "self", "permanent")
      .set("b", "net.ipv4.ip_forward", 1)
      .link("b", "link", "add", "vx", "type", "vxlan", "id", "2", "dstport", "8472", "local", "10.0.0.2", "nolearning")
      .ip("b", "route", "add", "default", "via", "10.0.0.1")
      .set("b", "net.ipv4.conf.all.rp_filter", 0);
    assert.deepEqual(s.steps(), [
      { tool: "ip", ns: "a", cmds: [["link", "add", "pa", "type", "veth", "peer", "name", "eth0", "netns", "b"]] },
      {
        tool: "ip",
        ns: "b",
        cmds: [["link", "add", "vx", "type", "vxlan", "id", "2", "dstport", "8472", "local", "10.0.0.2", "nolearning"]],
      },
      { tool: "sysctl", ns: "b", cmds: [["net.ipv4.ip_forward=1"], ["net.ipv4.conf.all.rp_filter=0"]] },
      {
        tool: "ip",
        ns: "b",
        cmds: [
          ["addr", "add", "10.0.0.2/24", "dev", "eth0"],
          ["link", "set", "eth0", "up"],
          ["route", "add", "default", "via", "10.0.0.1"],
        ],
      },
      { tool: "ip", ns: "a", cmds: [["link", "set", "pa", "up"]] },
      { tool: "bridge", ns: "b", cmds: [["fdb", "append", "02:00:00:00:00:01", "dev", "vx", "dst", "10.0.0.9", "self", "permanent"]] },
    ]);
    assert.throws(() => new NetScript().link("a", "link", "set", "x", "up"), /takes "link add …"/);
  });

  it("root: a broken step of a real namespace fails naming the namespace, the command and the kernel's message; nothing is left", function () {
    if (process.getuid?.() !== 0) this.skip();
    const ns = `ehl-batchtest-${process.pid.toString(36)}`;
    try {
      run("ip", ["netns", "add", ns]);
      const s = new NetScript()
        .ip(ns, "link", "set", "lo", "up")
        .ip(ns, "addr", "add", "10.9.0.1/24", "dev", "lo")
        .ip(ns, "route", "add", "10.8.0.0/16", "via", "10.7.7.7")
        .ip(ns, "route", "add", "10.6.0.0/16", "via", "10.9.0.2");
      assert.throws(
        () => s.run(),
        new RegExp(`^Error: ip -n ${ns} route add 10\\.8\\.0\\.0/16 via 10\\.7\\.7\\.7 failed: .*(invalid gateway|unreachable)`, "i"),
      );
      // Lines before the failing one took effect, the ones after it did not.
      assert.match(run("ip", ["-n", ns, "addr", "show", "dev", "lo"]).stdout, /10\.9\.0\.1\/24/);
      assert.equal(run("ip", ["-n", ns, "route", "show", "10.6.0.0/16"]).stdout.trim(), "");
    } finally {
      deleteNamespaces([ns]);
    }
    assert.deepEqual(namespacesWithPrefix(ns), []);
  });
});
