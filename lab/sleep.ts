/** Waiting (the lab, test helpers): `sleep` for async code, `sleepSync` where nothing may yield. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Block for `ms` (cleanup must work inside exit and signal handlers). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
