/**
 * `components/k8s/build-in-batches.ts`: resources built a batch per turn of the event loop.
 * Oracle: a model of what a plain loop does (every item built once, in order) plus the batching
 * contract counted from the outside: after the call, `min(size, n)` items are built; after each
 * further turn of the event loop (`setImmediate` runs callbacks in the order they were queued),
 * one more batch.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { buildInBatches } from "../components/k8s/build-in-batches";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("buildInBatches", () => {
  it("builds every item once, in order, one batch per turn of the event loop", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 }), async (n, size) => {
        const items = Array.from({ length: n }, (_, i) => `item-${i}`);
        const built: string[] = [];
        const promises = buildInBatches(items, (x) => (built.push(x), { resource: x }), size);
        assert.equal(promises.length, n);
        assert.equal(built.length, Math.min(size, n), "the first batch is built before the call returns");
        for (let turn = 1; built.length < n; turn++) {
          await nextTurn();
          assert.equal(built.length, Math.min((turn + 1) * size, n), `after ${turn} turn(s)`);
        }
        assert.deepEqual(built, items);
        assert.deepEqual(
          (await Promise.all(promises)).map((r) => r.resource),
          items,
        );
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it("with fewer items than a batch, builds them all before returning, like a plain loop", () => {
    const built: number[] = [];
    buildInBatches([1, 2, 3], (x) => built.push(x), 100);
    assert.deepEqual(built, [1, 2, 3]);
  });

  it("a build that throws in the first batch throws from the call, like a plain loop", () => {
    const built: number[] = [];
    assert.throws(
      () =>
        buildInBatches(
          [0, 1, 2, 3],
          (i) => {
            if (i === 2) throw new Error("bad node node-2");
            return built.push(i);
          },
          10,
        ),
      /bad node node-2/,
    );
    assert.deepEqual(built, [0, 1]);
  });

  it("a build that throws in a later batch rejects its item and every later one with the error, builds nothing after it, and leaves no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const boom = new Error("bad node node-7");
      const built: number[] = [];
      const items = Array.from({ length: 20 }, (_, i) => i);
      const promises = buildInBatches(
        items,
        (i) => {
          if (i === 7) throw boom;
          built.push(i);
          return i;
        },
        3,
      );
      // What dependsOn does: wait for each in turn, stopping at the first failure.
      await assert.rejects(
        (async () => {
          for (const p of promises) await p;
        })(),
        boom,
      );
      for (let t = 0; t < 10; t++) await nextTurn();
      assert.deepEqual(built, [0, 1, 2, 3, 4, 5, 6]);
      for (const p of promises.slice(8)) await assert.rejects(p, boom);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
