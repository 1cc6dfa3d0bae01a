/**
 * Test helpers: run the real program for a checked-in stack (optionally with config overrides)
 * under mocks, and look registrations up.
 */
import { Registration } from "../../plan-runner/mocks";
import { ProgramRun, runProgram } from "../../plan-runner/run-program";

/** Run a stack; `overrides` are `eks-hybrid-network:key` (or `aws:region`) → value. */
export function runStack(stack: string, overrides?: Record<string, unknown>): Promise<ProgramRun> {
  return runProgram(stack, { overrides });
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
