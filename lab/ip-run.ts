/**
 * Running `ip` (and `bridge`) batches: many commands of one namespace in one process. Setup steps
 * stop at the first failure and throw naming it; reading queries of one namespace made in the same
 * turn of the event loop share one `ip -force -j -batch`. The pure parts are in `ip-batch.ts`.
 */
import { batchError, batchText, splitQueryOutput } from "./ip-batch";
import { run, runAsync, RunResult } from "./sys";

/**
 * `tool [-n NS] -batch -` with `cmds` on stdin (`tool` is `ip` or `bridge`); stops at the first
 * failing command and throws naming it (`ip -n NS ARGS failed: MESSAGE`), as one call of it would.
 */
export function batch(tool: "ip" | "bridge", ns: string | undefined, cmds: readonly (readonly string[])[], timeoutMs = 10000): string {
  if (!cmds.length) return "";
  const r = run(tool, [...(ns ? ["-n", ns] : []), "-batch", "-"], timeoutMs, batchText(cmds));
  if (!r.ok) throw batchError(tool, ns, cmds, r.stderr, r.code);
  return r.stdout;
}

const QUERY_KINDS = /^(route get|route show|neigh show|link show)$/;
const queued = new Map<string, { args: readonly string[]; resolve: (r: RunResult) => void }[]>();

/**
 * `ip -n NS -j ARGS…` for reading (route get, neigh/link/route show): the queries of one
 * namespace made in the same turn of the event loop share one `ip -force -j -batch` process;
 * each gets its own result, failures included (with their message).
 */
export function ipQuery(ns: string, args: readonly string[]): Promise<RunResult> {
  // Kinds whose batched output equals their output alone (test/lab-batch.test.ts). Not `addr
  // show`: after a `link show` in the same batch iproute2 6.1 prints it without addresses.
  if (!QUERY_KINDS.test(args.slice(0, 2).join(" ")))
    return Promise.resolve({ ok: false, code: null, stdout: "", stderr: `ipQuery does not batch "ip ${args.join(" ")}"` });
  return new Promise((resolve) => {
    const q = queued.get(ns);
    if (q) {
      q.push({ args, resolve });
      return;
    }
    queued.set(ns, [{ args, resolve }]);
    setImmediate(() => void flushQueries(ns));
  });
}

async function flushQueries(ns: string): Promise<void> {
  const q = queued.get(ns) ?? [];
  queued.delete(ns);
  const fail = (stderr: string) => q.forEach((x) => x.resolve({ ok: false, code: null, stdout: "", stderr }));
  let text: string;
  try {
    text = batchText(q.map((x) => x.args));
  } catch (e) {
    return fail((e as Error).message);
  }
  const r = await runAsync("ip", ["-n", ns, "-force", "-j", "-batch", "-"], 10000, text);
  try {
    splitQueryOutput(q.length, r.stdout, r.stderr).forEach((x, i) => q[i].resolve({ ...x, code: x.ok ? 0 : 1 }));
  } catch (e) {
    fail((e as Error).message);
  }
}
