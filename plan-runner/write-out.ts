/**
 * Writes `out/STACK/` from one program run, per the contract in DESIGN.md:
 * `resources.json`, `manifests/*.yaml` (every Kubernetes object the stack applies),
 * `helm/<release>.yaml`, and the on-prem artifacts the stack outputs (router, nodeadm, firewall).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { toYaml } from "../components/render/yaml-text";
import { Registration } from "./mocks";
import { ProgramRun } from "./run-program";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** A Helm release as `helm/<release>.yaml` holds it. */
export interface HelmReleaseFile {
  chart: string;
  version: string;
  repository: string;
  namespace: string;
  values: Record<string, unknown>;
}

/** Helm releases among the registrations. */
export function helmReleases(regs: readonly Registration[]): { name: string; file: HelmReleaseFile }[] {
  return regs
    .filter((r) => r.type === HELM_RELEASE)
    .map((r) => {
      const i = r.inputs as Record<string, any>;
      const chart = String(i.chart ?? "");
      return {
        name: String(i.name ?? r.name),
        file: {
          chart,
          version: String(i.version ?? ""),
          repository: String(i.repositoryOpts?.repo ?? (chart.startsWith("oci://") ? chart.replace(/\/[^/]+$/, "") : "")),
          namespace: String(i.namespace ?? "default"),
          values: (i.values ?? {}) as Record<string, unknown>,
        },
      };
    });
}

/** Kubernetes objects (CRs, namespaces, patches…) among the registrations, as manifests. */
export function kubernetesObjects(regs: readonly Registration[]): { reg: Registration; object: Record<string, unknown> }[] {
  return regs
    .filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== HELM_RELEASE && r.type !== "pulumi:providers:kubernetes")
    .map((r) => {
      const { apiVersion, kind, metadata, ...rest } = r.inputs as Record<string, unknown>;
      return { reg: r, object: { apiVersion, kind, metadata, ...rest } };
    });
}

/** Write `text` unless the file already holds exactly that (a re-plan of 5,000 nodes rewrites nothing). */
function write(file: string, text: string, dirs: Set<string>): void {
  try {
    if (fs.readFileSync(file, "utf8") === text) return;
  } catch {
    // missing: write it
  }
  const dir = path.dirname(file);
  if (!dirs.has(dir)) fs.mkdirSync(dir, { recursive: true });
  dirs.add(dir);
  fs.writeFileSync(file, text);
}

/** Remove files under `dir` that are not in `keep` (relative paths), then empty directories. */
function removeStale(dir: string, keep: Set<string>, rel = ""): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      removeStale(dir, keep, r);
      if (fs.readdirSync(path.join(dir, r)).length === 0) fs.rmdirSync(path.join(dir, r));
    } else if (!keep.has(r)) fs.rmSync(path.join(dir, r), { force: true });
  }
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-").toLowerCase();
}

/**
 * Write everything for one run into `outDir`, which afterwards holds exactly these files (others
 * are removed; unchanged ones are left untouched). Returns the files, relative to `outDir`.
 */
export function writeOut(run: ProgramRun, outDir: string, extra: Record<string, string> = {}): string[] {
  const files: string[] = [];
  const dirs = new Set<string>();
  const put = (rel: string, text: string) => {
    write(path.join(outDir, rel), text, dirs);
    files.push(rel);
  };
  const resources = run.registrations.map(({ type, name, parent, inputs, custom }) => ({
    type,
    name,
    ...(parent ? { parent } : {}),
    inputs,
    custom,
  }));
  put("resources.json", JSON.stringify(resources, null, 2) + "\n");
  kubernetesObjects(run.registrations).forEach(({ object }, i) => {
    const meta = (object.metadata ?? {}) as { name?: string };
    put(
      `manifests/${String(i + 1).padStart(2, "0")}-${slug(String(object.kind))}-${slug(String(meta.name ?? "unnamed"))}.yaml`,
      toYaml(object),
    );
  });
  for (const { name, file } of helmReleases(run.registrations)) put(`helm/${slug(name)}.yaml`, toYaml(file));
  const artifacts = (run.outputs.artifacts ?? {}) as Record<string, string>;
  for (const [rel, text] of Object.entries({ ...artifacts, ...extra })) put(rel, text);
  removeStale(outDir, new Set(files));
  return files;
}
