/** A plain Kubernetes object as the renderers produce it (apiVersion, kind, metadata, body). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** `a.b.c.d-e.f.g.h` → `{ start, stop }`; a CIDR → `{ cidr }` (one entry of a pool's address list). */
export function addressBlock(entry: string): { start: string; stop: string } | { cidr: string } {
  const t = entry.trim();
  if (t.includes("/")) return { cidr: t };
  const [start, stop] = t.split("-").map((s) => s.trim());
  return { start, stop };
}
