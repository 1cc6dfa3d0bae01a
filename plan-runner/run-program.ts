/**
 * Runs the real Pulumi program (`index.ts`) for one stack under the mock runtime: no CLI, no
 * cloud, no credentials. Returns every registration in order and the stack outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, maskSecrets, RecordingMocks, Registration } from "./mocks";
import { loadStackConfig } from "./stack-config";

/** What one run of the program produced. */
export interface ProgramRun {
  readonly stack: string;
  readonly registrations: readonly Registration[];
  /** Stack outputs with secrets masked as `"[secret]"`. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs as the program returned them (Outputs, secrets included), for tests. */
  readonly rawOutputs: Record<string, unknown>;
}

/** The project root (where `Pulumi.yaml` lives), found from this module whether it runs from source or bundled. */
export const PROJECT_DIR = projectDir(__dirname);

function projectDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "..");
  }
}

/** The Pulumi program: `index.ts`'s export. */
export type StackProgram = () => Promise<Record<string, unknown> | void>;

/** How to run the program. */
export interface RunOptions {
  /** Where `Pulumi.yaml` and `Pulumi.<stack>.yaml` are. @default PROJECT_DIR */
  dir?: string;
  /** The program itself; when absent, `entry` is required (under a TypeScript loader for `.ts`). */
  program?: StackProgram;
  /** Module whose export is the program function, relative to `dir`. @default "index.ts" */
  entry?: string;
  /** `namespace:key` → value, on top of the stack file (`undefined` removes a key). */
  overrides?: Record<string, unknown>;
  /**
   * Keep JavaScript stack traces while the program runs. @default false: the Pulumi SDK captures
   * `new Error().stack` for every promise it creates (`debuggablePromise`, only shown in its
   * promise-leak report) and each field of every resource, which cost most of a large plan's time.
   * Errors the program throws keep their message either way.
   */
  stackTraces?: boolean;
}

/**
 * Run the program for `stack`. Config comes from `Pulumi.<stack>.yaml` in `dir`, with
 * `overrides` on top.
 */
export async function runProgram(stack: string, opts: RunOptions = {}): Promise<ProgramRun> {
  if (opts.stackTraces) return runProgramOnce(stack, opts);
  const limit = Error.stackTraceLimit;
  // `Resource.callsites` (private) reads a whole stack (limit raised to Infinity) for every
  // resource, to send the engine its source position; the mock monitor ignores it.
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resource.callsites;
  const debuggable = leanDebuggablePromises();
  Error.stackTraceLimit = 0;
  resource.callsites = () => [];
  try {
    return await runProgramOnce(stack, opts);
  } finally {
    Error.stackTraceLimit = limit;
    resource.callsites = callsites;
    debuggable.restore();
  }
}

/**
 * The SDK wraps about thirty promises of every resource in `debuggablePromise`, which tags each
 * with an id, a context string and a stack trace and keeps it in a set until it settles, only for
 * the promise-leak report printed at exit when the program never finished. With thousands of
 * resources waiting at once for the cluster's provider, those wrappers (a derived promise, two
 * closures and the context string each) were a quarter of a 5,000-node plan's peak heap.
 *
 * Here `debuggablePromise` returns the promise itself, and one sentinel promise stands in the
 * SDK's leak set while the program runs (`programPending`): a program that never finishes still
 * gets the SDK's report at exit (exit code 1, naming the registrations still pending, which is
 * what it names whenever there are any). `PULUMI_DEBUG_PROMISE_LEAKS` keeps the SDK's own
 * tracking, with every leaked promise's context.
 */
function leanDebuggablePromises(): { restore(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, no typings
  const mod = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
  const original = mod.debuggablePromise;
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return { restore: () => undefined };
  // The original schedules the leak report on its first call: make sure that has happened.
  void original(Promise.resolve(), "plan-runner");
  mod.debuggablePromise = <T>(p: Promise<T>): Promise<T> => p;
  return { restore: () => (mod.debuggablePromise = original) };
}

/**
 * Put a sentinel into the SDK's leak set for as long as the program runs (see
 * `leanDebuggablePromises`); `done()` takes it out. Call after the mocks are installed (they
 * give the SDK a fresh leak set).
 */
function programPending(): { done(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, no typings
  const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
  const sentinel = Object.assign(Promise.resolve(), { _debugCtx: "the Pulumi program run by the plan runner" });
  const candidates = state.getStore().leakCandidates;
  candidates.add(sentinel);
  return { done: () => candidates.delete(sentinel) };
}

async function runProgramOnce(stack: string, opts: RunOptions): Promise<ProgramRun> {
  const dir = opts.dir ?? PROJECT_DIR;
  const loaded = loadStackConfig(dir, stack);
  const config = { ...loaded.config };
  for (const [k, v] of Object.entries(opts.overrides ?? {})) {
    if (v === undefined) delete config[k];
    else config[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const mocks = new RecordingMocks();
  await installMocks(mocks, loaded.project, stack);
  pulumi.runtime.setAllConfig(config, loaded.secretKeys);

  const program =
    opts.program ??
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.resolve(dir, opts.entry ?? "index.ts")) as StackProgram);
  // Keep the program's own return value: the stack's resolved outputs have lost secretness.
  let rawOutputs: Record<string, unknown> = {};
  const pending = opts.stackTraces || process.env.PULUMI_DEBUG_PROMISE_LEAKS ? undefined : programPending();
  const unhandled = captureUnhandledRejections();
  const outputs: Record<string, unknown> = {};
  try {
    await pulumi.runtime.runInPulumiStack(async () => (rawOutputs = (await program()) ?? {}));
    for (const [k, v] of Object.entries(rawOutputs)) outputs[k] = await unwrap(v);
    await waitForRegistrations();
    // Node reports a rejection as unhandled once the microtasks of the turn have run.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    pending?.done();
    unhandled.stop();
  }
  if (unhandled.reasons.length) throw unhandled.reasons[0];
  return { stack, registrations: mocks.registrations, outputs, rawOutputs };
}

/**
 * While the program runs, an unhandled rejection fails the run, as under Pulumi's language host
 * (`@pulumi/pulumi/cmd/run/run.js` logs it as an error, and the update fails). It is how a
 * resource that fails to register reports, when nothing in the program waits for it: a
 * `dependsOn` that rejects, an `apply` callback that throws. The process's other listeners (a
 * test runner's, the plan CLI's) are set aside meanwhile, so that the run alone reports it.
 */
function captureUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const others = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => void reasons.push(reason);
  process.on("unhandledRejection", listener);
  return {
    reasons,
    stop() {
      process.off("unhandledRejection", listener);
      for (const l of others) process.on("unhandledRejection", l);
    },
  };
}

/** Resolve an output (or plain value) to plain data, masking secrets. */
export async function unwrap(v: unknown): Promise<unknown> {
  const o: pulumi.Output<unknown> = pulumi.output(v as pulumi.Input<unknown>);
  const [value, secret] = await Promise.all([new Promise<unknown>((resolve) => o.apply((x: unknown) => resolve(x))), pulumi.isSecret(o)]);
  return secret ? "[secret]" : maskSecrets(value);
}

async function waitForRegistrations(): Promise<void> {
  // The mock monitor answers asynchronously: let the RPC queue drain.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, no typings
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}
