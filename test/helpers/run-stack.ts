/**
 * Test helpers: run the real program for a checked-in stack (optionally with config overrides)
 * under mocks, and look registrations up.
 */
import { Registration } from "../../plan-runner/mocks";
import { ProgramRun, runProgram } from "../../plan-runner/run-program";

/**
 * One run per (stack, overrides) and test process: dozens of tests read the same stack, and the
 * program is deterministic for a given config. The runs' registrations and outputs are frozen so
 * that a test cannot change what the next one reads (it fails with a TypeError instead).
 */
const runs = new Map<string, Promise<ProgramRun>>();
/** The Pulumi mock runtime is process-global: runs go one at a time. */
let queue: Promise<unknown> = Promise.resolve();

/** Run a stack; `overrides` are `eks-hybrid-network:key` (or `aws:region`) → value. Cached, see `runs`. */
export function runStack(stack: string, overrides?: Record<string, unknown>): Promise<ProgramRun> {
  const key = JSON.stringify([stack, overrides ?? {}]);
  let run = runs.get(key);
  if (!run) {
    run = queue.then(() => runProgram(stack, { overrides })).then(frozen);
    queue = run.catch(() => undefined);
    runs.set(key, run);
  }
  return run;
}

function frozen(run: ProgramRun): ProgramRun {
  deepFreeze(run.registrations);
  deepFreeze(run.outputs);
  return run;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

/** Every registration of a type token. */
export function ofType(run: ProgramRun, type: string): Registration[] {
  return run.registrations.filter((r) => r.type === type);
}

/** The one registration of a type and name; fails the test when it is missing. */
export function resource(run: ProgramRun, type: string, name: string): Registration {
  const r = run.registrations.find((x) => x.type === type && x.name === name);
  if (!r) {
    const same = ofType(run, type).map((x) => x.name);
    throw new Error(`no ${type} named ${name} (have: ${same.join(", ") || "none"})`);
  }
  return r;
}

/** Config override helper: `ns("onPrem")` → `eks-hybrid-network:onPrem`. */
export const ns = (key: string): string => `eks-hybrid-network:${key}`;
