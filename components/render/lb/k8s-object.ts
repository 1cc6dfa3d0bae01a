export type { K8sObject } from "../k8s-object";

/** `a.b.c.d-e.f.g.h` → `{ start, stop }`; a CIDR → `{ cidr }` (one entry of a pool's address list). */
export function addressBlock(entry: string): { start: string; stop: string } | { cidr: string } {
  const t = entry.trim();
  if (t.includes("/")) return { cidr: t };
  const [start, stop] = t.split("-").map((s) => s.trim());
  return { start, stop };
}
