/**
 * Runs the real Pulumi program (`index.ts`) for one stack under the mock runtime: no CLI, no
 * cloud, no credentials. Returns every registration in order and the stack outputs.
 */
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

/** The project root (where `Pulumi.yaml` lives). */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/**
 * Run `entry` (a module whose export is the program function) for `stack`. Config comes from
 * `Pulumi.<stack>.yaml` in `dir`, with `overrides` (`namespace:key` → value) on top.
 */
export async function runProgram(
  stack: string,
  opts: { dir?: string; entry?: string; overrides?: Record<string, unknown> } = {},
): Promise<ProgramRun> {
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

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.resolve(dir, opts.entry ?? "index.ts")) as () => Promise<Record<string, unknown>>;
  // Keep the program's own return value: the stack's resolved outputs have lost secretness.
  let rawOutputs: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => (rawOutputs = (await program()) ?? {}));
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rawOutputs)) outputs[k] = await unwrap(v);
  await waitForRegistrations();
  return { stack, registrations: mocks.registrations, outputs, rawOutputs };
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
