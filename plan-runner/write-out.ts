/**
 * Writes `out/STACK/` from one program run, per the contract in DESIGN.md:
 * `resources.json`, `manifests/*.yaml` (every Kubernetes object the stack applies),
 * `helm/<release>.yaml`, and the on-prem artifacts the stack outputs (router, nodeadm, firewall).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
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

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-").toLowerCase();
}

/** Write everything for one run into `outDir` (emptied first). Returns the files written. */
export function writeOut(run: ProgramRun, outDir: string, extra: Record<string, string> = {}): string[] {
  fs.rmSync(outDir, { recursive: true, force: true });
  const files: string[] = [];
  const put = (rel: string, text: string) => {
    write(path.join(outDir, rel), text);
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
      stringify(object),
    );
  });
  for (const { name, file } of helmReleases(run.registrations)) put(`helm/${slug(name)}.yaml`, stringify(file));
  const artifacts = (run.outputs.artifacts ?? {}) as Record<string, string>;
  for (const [rel, text] of Object.entries({ ...artifacts, ...extra })) put(rel, text);
  return files;
}
