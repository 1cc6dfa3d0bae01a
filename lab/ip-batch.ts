/**
 * `ip -batch` for the lab: many `ip` commands of one namespace in one process instead of one
 * process each (a spawn costs the lab ~5 ms of CPU; a batch line ~0.1 ms). Pure helpers here (no
 * process is started): the batch text, and the mapping of iproute2's "Command failed -:N" back to
 * the command, so a failure still names what failed.
 */

/** Characters iproute2's batch reader would split on or treat as quoting/comment (`makeargs`). */
const UNSAFE = /[\s"'#\\]/;

/** The batch text for `cmds` (one line each); throws on an argument a batch line cannot carry. */
export function batchText(cmds: readonly (readonly string[])[]): string {
  return cmds
    .map((args) => {
      const bad = args.find((a) => a === "" || UNSAFE.test(a));
      if (bad !== undefined) throw new Error(`ip ${args.join(" ")}: argument ${JSON.stringify(bad)} cannot go into an ip batch line`);
      return `${args.join(" ")}\n`;
    })
    .join("");
}

/** One failure iproute2 reported in a batch: the 0-based command index and its message. */
export interface BatchFailure {
  readonly index: number;
  readonly message: string;
}

/**
 * The failures in a batch's stderr: iproute2 prints the command's own error lines, then
 * `Command failed FILE:LINE` (LINE 1-based). Lines not followed by such a marker are ignored.
 */
export function batchFailures(stderr: string): BatchFailure[] {
  const out: BatchFailure[] = [];
  let pending: string[] = [];
  for (const line of stderr.split("\n")) {
    const m = line.match(/^Command failed .*:(\d+)\s*$/);
    if (!m) {
      if (line.trim()) pending.push(line.trim());
      continue;
    }
    out.push({ index: Number(m[1]) - 1, message: pending.join("; ") });
    pending = [];
  }
  return out;
}

/**
 * The error of a failed batch (run without `-force`: it stops at the first failure), naming the
 * command as if it had run alone: `ip -n NS ARGS failed: MESSAGE`.
 */
export function batchError(
  tool: string,
  ns: string | undefined,
  cmds: readonly (readonly string[])[],
  stderr: string,
  code: number | null,
): Error {
  const where = ns ? ` -n ${ns}` : "";
  const f = batchFailures(stderr)[0];
  const cmd = f && cmds[f.index];
  if (!cmd) return new Error(`${tool}${where} -batch (${cmds.length} commands) failed: ${stderr.trim() || `exit ${code}`}`);
  return new Error(`${tool}${where} ${cmd.join(" ")} failed: ${f.message || `exit ${code}`}`);
}

/** Result of one command of a query batch. */
export interface BatchResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Splits the output of `ip -force -j -batch` into one result per command: every command that
 * succeeds prints exactly one JSON line (an array, `[]` when empty), one that fails prints
 * nothing on stdout and its error plus the marker on stderr.
 */
export function splitQueryOutput(count: number, stdout: string, stderr: string): BatchResult[] {
  const failed = new Map(batchFailures(stderr).map((f) => [f.index, f.message]));
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  const okCount = count - [...failed.keys()].filter((i) => i >= 0 && i < count).length;
  if (lines.length !== okCount)
    throw new Error(`ip batch: ${lines.length} output lines for ${okCount} successful commands of ${count} (stderr: ${stderr.trim()})`);
  let next = 0;
  return Array.from({ length: count }, (_, i) =>
    failed.has(i) ? { ok: false, stdout: "", stderr: failed.get(i)! } : { ok: true, stdout: `${lines[next++]}\n`, stderr: "" },
  );
}
