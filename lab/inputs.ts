/**
 * Reads what the lab proves: the NetworkPlan of a stack (from `Pulumi.<stack>.yaml`, through the
 * same planner the program uses), the rendered `router/frr.conf` and `manifests/*.yaml` from an
 * input directory (`out/<stack>/` normally, a fixture directory in tests).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { CONFIG_NAMESPACE, errorsOf, formatProblem, NetworkPlan, planFromRawConfig } from "../components/plan";
import { loadStackConfig } from "../plan-runner/stack-config";
import { Registration } from "./aws-model";
import { FirewallList } from "./twin-firewall";
import { K8sObject, LabInputs } from "./types";

/** The stack's plan; throws with every config problem listed. */
export function planForStack(projectDir: string, stack: string): NetworkPlan {
  const loaded = loadStackConfig(projectDir, stack);
  const raw: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(loaded.config)) {
    if (loaded.secretKeys.includes(key)) continue; // secrets (PSKs) are not part of the plan
    const [ns, name] = key.split(":");
    const value = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    })();
    if (ns === CONFIG_NAMESPACE) raw[name] = value;
    else if (key === "aws:region") raw.region = value;
  }
  const r = planFromRawConfig(raw);
  if (!r.plan)
    throw new Error(
      `stack ${stack} has config problems:\n${errorsOf(r.problems)
        .map((p) => `  - ${formatProblem(p)}`)
        .join("\n")}`,
    );
  return r.plan;
}

/** Every object in `dir/manifests/*.yaml` (absent directory: none). */
export function readManifests(dir: string): K8sObject[] {
  const mdir = path.join(dir, "manifests");
  if (!fs.existsSync(mdir)) return [];
  return fs
    .readdirSync(mdir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(fs.readFileSync(path.join(mdir, f), "utf8")).map((d) => {
        if (d.errors.length) throw new Error(`manifests/${f}: ${d.errors[0].message}`);
        return d.toJS() as K8sObject;
      }),
    )
    .filter((o) => o && typeof o === "object");
}

/** Plan of `stack` plus the rendered files in `inputDir`; names the missing file when there is one. */
export function loadLabInputs(projectDir: string, stack: string, inputDir: string): LabInputs {
  const plan = planForStack(projectDir, stack);
  const frrFile = path.join(inputDir, "router", "frr.conf");
  if (!fs.existsSync(frrFile)) {
    throw new Error(
      `${frrFile} does not exist: stack ${stack} has no rendered router config, and the lab runs router/frr.conf unchanged (npm run plan -- --stack ${stack} renders it; --input DIR reads another directory)`,
    );
  }
  const resFile = path.join(inputDir, "resources.json");
  const resources = fs.existsSync(resFile) ? (JSON.parse(fs.readFileSync(resFile, "utf8")) as Registration[]) : undefined;
  const fwFile = path.join(inputDir, "firewall.json");
  const firewall = fs.existsSync(fwFile) ? (JSON.parse(fs.readFileSync(fwFile, "utf8")) as FirewallList) : undefined;
  return {
    stack,
    plan,
    frrConf: fs.readFileSync(frrFile, "utf8"),
    manifests: readManifests(inputDir),
    inputDir,
    ...(resources ? { resources } : {}),
    ...(firewall ? { firewall } : {}),
  };
}
