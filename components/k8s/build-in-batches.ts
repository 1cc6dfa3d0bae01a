/**
 * Builds one resource per item a batch at a time, with a turn of the event loop between batches.
 *
 * A resource holds the pending promises of its outputs (a `NodePatch` has seven) until the engine
 * answers its registration. Built in one synchronous loop, thousands of them are all pending at
 * once: 5,000 label patches made a 5,000-node plan peak at 625 MiB, most of it promises waiting
 * for the cluster's provider. With a turn of the event loop between batches, the offline plan's
 * in-process engine registers and answers every batch before the next is built. A real engine
 * answers over gRPC, later than one turn: there every batch is sent within milliseconds, as with
 * a plain loop, and nothing changes.
 *
 * The first batch is built synchronously, and an error in it is thrown to the caller: a stack with
 * fewer items than one batch behaves exactly as a plain loop would. Resources that depend on the
 * parent component (`dependsOn: [component]`) see the children built by the time they register;
 * order them after the batch through something that waits for every item (the promises below).
 */

/** Resources built per turn of the event loop. */
export const BATCH_SIZE = 100;

/**
 * `build(item)` for every item, `size` at a time. Returns one promise per item, in order: each is
 * an `Input<Resource>` for `dependsOn`, which waits for it. If `build` throws in the first batch,
 * the error is thrown from here; in a later batch, that item's promise rejects with the error (so
 * whatever depends on it fails to register, which fails the program) and nothing after it is built.
 */
export function buildInBatches<T, R>(items: readonly T[], build: (item: T) => R, size = BATCH_SIZE): Promise<R>[] {
  const settlers: { resolve(r: R): void; reject(err: unknown): void }[] = [];
  const built = items.map(() => new Promise<R>((resolve, reject) => settlers.push({ resolve, reject })));
  const buildFrom = (start: number): void => {
    const end = Math.min(start + size, items.length);
    for (let i = start; i < end; i++) {
      let resource: R;
      try {
        resource = build(items[i]);
      } catch (err) {
        if (start === 0) throw err;
        settlers[i].reject(err);
        // Never built: rejected too, so nothing waits forever, but only the failing item reports.
        for (let j = i + 1; j < items.length; j++) {
          built[j].catch(() => undefined);
          settlers[j].reject(err);
        }
        return;
      }
      settlers[i].resolve(resource);
    }
    if (end < items.length) setImmediate(buildFrom, end);
  };
  buildFrom(0);
  return built;
}
