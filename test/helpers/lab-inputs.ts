/**
 * Inputs and assertions shared by the lab's test files: the checked-in fixtures (static and BGP
 * routing), the fault runs' shorter waits, the stack each twin fault is planted in, and a lab run
 * that also checks it left no namespace or file behind.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAULTS } from "../../lab/faults";
import { loadLabInputs } from "../../lab/inputs";
import { failures, formatReport } from "../../lab/report";
import { LabOptions, runLab } from "../../lab/run-lab";
import { namespacesWithPrefix } from "../../lab/sys";
import { stackPrefix } from "../../lab/topology";
import { LabInputs, LabReport } from "../../lab/types";
import { PROJECT_DIR } from "../../plan-runner/run-program";
import { renderFrrConfig } from "../../components/render/router";
import { metallbAdvertisements } from "../../components/render/lb/metallb";
import { planFor } from "./plan-for";

const FIXTURES = path.join(PROJECT_DIR, "test", "fixtures", "lab");
/** The static-routing fixture (dev's plan), run under the lab name `stack`. */
export const staticInputs = (stack = "dev"): LabInputs => ({ ...loadLabInputs(PROJECT_DIR, "dev", path.join(FIXTURES, "static")), stack });
/** The BGP fixture (prod's plan), run under the lab name `stack`. */
export const bgpInputs = (stack = "prod"): LabInputs => ({ ...loadLabInputs(PROJECT_DIR, "prod", path.join(FIXTURES, "bgp")), stack });
/** Fault runs wait less: the fault shows within seconds, a healthy session needs about one. */
export const FAST: LabOptions = { establishMs: 6000, routeWaitMs: 2000 };
/** The checked-in stack a fault is planted in: its VPN routing and the LoadBalancer kind it needs. */
export const faultStack = (f: (typeof FAULTS)[number]): string =>
  f.needs === "gateway"
    ? "gateway"
    : f.needs === "lb-bgp"
      ? "ciliumlb"
      : f.needs === "metallb-l2"
        ? "dev"
        : f.vpn === "bgp"
          ? "prod"
          : "dev";
/** Static fixture with MetalLB in BGP mode (static CNI routing): the router config and MetalLB's objects rendered for it. */
export function metallbBgpInputs(stack: string): LabInputs {
  const base = staticInputs(stack);
  const plan = planFor("dev", {
    loadBalancing: {
      metallb: {
        enabled: true,
        mode: "bgp",
        version: "0.14.9",
        addressPools: [{ name: "first-pool", addresses: ["192.168.200.201-192.168.200.220"] }],
      },
      demoApps: false,
    },
  });
  const manifests = [...base.manifests.filter((o) => o.kind !== "L2Advertisement"), ...metallbAdvertisements(plan)];
  return { ...base, plan, frrConf: renderFrrConfig(plan), manifests };
}

/** Run the lab in this process and check it removed its namespaces and files. */
export async function lab(inputs: LabInputs, opts: LabOptions = {}): Promise<LabReport> {
  const r = await runLab(inputs, opts);
  assert.deepEqual(namespacesWithPrefix(stackPrefix(inputs.stack)), [], "the lab removed its namespaces");
  assert.deepEqual(
    fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(stackPrefix(inputs.stack))),
    [],
    "the lab removed its files",
  );
  return r;
}

/** The report passed, with the whole report as the message otherwise. */
export const passes = (r: LabReport): void => assert.ok(r.pass, `lab failed:\n${formatReport(r)}`);

/** The one failure matching `re` (section + check + expected + seen), with the whole report on mismatch. */
export function failsWith(r: LabReport, re: RegExp): void {
  assert.equal(r.pass, false, `the planted fault went unnoticed:\n${formatReport(r)}`);
  assert.ok(
    failures(r).some((f) => re.test(f)),
    `no failure matches ${re}; failures:\n${failures(r).join("\n")}`,
  );
}
