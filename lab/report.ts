/** The lab's output: a table per section (pass/fail, expected, seen) and the JSON report. */
import * as fs from "node:fs";
import * as path from "node:path";
import { CheckResult, LabReport } from "./types";

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** One table per section, columns sized to their content (long cells wrap onto their own line). */
export function formatReport(r: LabReport): string {
  const lines = [`network lab: stack ${r.stack} (${r.mode} routing), inputs ${r.inputDir}`];
  const sections = [...new Set(r.checks.map((c) => c.section))];
  for (const s of sections) {
    const rows = r.checks.filter((c) => c.section === s);
    const w = [
      4,
      Math.min(60, Math.max(5, ...rows.map((c) => c.check.length))),
      Math.min(40, Math.max(8, ...rows.map((c) => c.expected.length))),
    ];
    lines.push("", `${s}`, `  ${pad("", w[0])}  ${pad("check", w[1])}  ${pad("expected", w[2])}  seen`);
    for (const c of rows)
      lines.push(`  ${pad(c.pass ? "pass" : "FAIL", w[0])}  ${pad(c.check, w[1])}  ${pad(c.expected, w[2])}  ${c.seen}`);
  }
  if (r.flows?.length) {
    lines.push("", "twin flows");
    for (const f of r.flows) {
      lines.push(
        `  ${pad(f.pass ? "pass" : "FAIL", 4)}  ${pad(f.flow, 56)}  ${pad(f.expect, 7)}  ${f.seen}${f.stoppedAt ? ` at ${f.stoppedAt}` : ""}`,
      );
      if (f.reason && (!f.pass || f.expect === "blocked")) lines.push(`        ${f.reason}`);
    }
  }
  const failed = [...r.checks.filter((c) => !c.pass), ...(r.flows ?? []).filter((f) => !f.pass)];
  lines.push("");
  if (r.error) lines.push(`lab error: ${r.error}`);
  lines.push(
    r.pass
      ? `PASS: ${r.checks.length} checks and ${r.flows?.length ?? 0} flows in ${(r.durationMs / 1000).toFixed(1)} s`
      : `FAIL: ${failed.length} of ${r.checks.length + (r.flows?.length ?? 0)} checks and flows failed${r.error ? " (and the lab stopped early)" : ""} in ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join("\n");
}

/** The failed checks, one line each (for assertion messages and CI logs). */
export function failures(r: LabReport): string[] {
  return [
    ...r.checks.filter((c) => !c.pass).map((c: CheckResult) => `${c.section}: ${c.check}: expected ${c.expected}, seen ${c.seen}`),
    ...(r.flows ?? [])
      .filter((f) => !f.pass)
      .map((f) => `flow: ${f.flow}: expected ${f.expect}, seen ${f.seen}${f.stoppedAt ? ` at ${f.stoppedAt}: ${f.reason}` : ""}`),
    ...(r.error ? [`error: ${r.error}`] : []),
  ];
}

/** Write `lab-report.json` into `outDir`. */
export function writeReport(r: LabReport, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "lab-report.json");
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + "\n");
  return file;
}
