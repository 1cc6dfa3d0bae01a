/**
 * Builds one resource per item a batch at a time, with a turn of the event loop between batches.
 *
 * A resource holds the pending promises of its outputs (a `NodePatch` has seven) until the engine
 * answers its registration. Built in one synchronous loop, thousands of them are all pending at
 * once: 5,000 label patches made a 5,000-node plan peak at 625 MiB, most of it promises waiting
 * for the cluster's provider. With a turn of the event loop between batches, every batch is
 * registered and answered before the next is built wherever the engine answers at once (the
 * offline plan, a preview of unchanged resources). Where it answers late (an update answers a
 * create when the object exists) nothing changes: every batch is sent within milliseconds, and
 * the engine still creates them in parallel.
 *
 * The first batch is built synchronously, so a stack with fewer items than one batch registers
 * exactly as a plain loop would.
 */

/** Resources built per turn of the event loop. */
export const BATCH_SIZE = 100;

/**
 * `build(item)` for every item, `size` at a time. Returns one promise per item, in order: each is
 * an `Input<Resource>` for `dependsOn`, which waits for it. If `build` throws, that item's
 * promise rejects with the error and nothing after it is built.
 */
export function buildInBatches<T, R>(items: readonly T[], build: (item: T) => R, size = BATCH_SIZE): Promise<R>[] {
  const settlers: { resolve(r: R): void; reject(err: unknown): void }[] = [];
  const built = items.map(() => new Promise<R>((resolve, reject) => settlers.push({ resolve, reject })));
  const buildFrom = (start: number): void => {
    const end = Math.min(start + size, items.length);
    for (let i = start; i < end; i++) {
      try {
        settlers[i].resolve(build(items[i]));
      } catch (err) {
        settlers[i].reject(err);
        // Never built: rejected too, so nothing waits forever, but only the failing item reports.
        for (const [j, later] of built.entries()) if (j > i) later.catch(() => undefined);
        for (const s of settlers.slice(i + 1)) s.reject(err);
        return;
      }
    }
    if (end < items.length) setImmediate(buildFrom, end);
  };
  buildFrom(0);
  return built;
}
