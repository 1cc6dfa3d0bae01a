/** A readable tree of what a run would create, with counts by type. */
import { Registration } from "./mocks";
import { ProgramRun } from "./run-program";

export function summarize(run: ProgramRun): string {
  const regs = run.registrations;
  const children = new Map<string | undefined, Registration[]>();
  for (const r of regs) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines: string[] = [`stack ${run.stack}: ${regs.length} resources`];
  const walk = (parent: string | undefined, indent: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      lines.push(`${indent}${last ? "└─ " : "├─ "}${r.type}  ${r.name}`);
      walk(r.urn, indent + (last ? "   " : "│  "));
    });
  };
  walk(undefined, "");
  const counts = new Map<string, number>();
  for (const r of regs) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  lines.push("", "by type:");
  for (const [t, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) lines.push(`  ${String(n).padStart(4)}  ${t}`);
  return lines.join("\n");
}
