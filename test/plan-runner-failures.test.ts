/**
 * A resource that fails to register after the program's main function has returned (a `dependsOn`
 * that rejects, an `apply` callback that throws) fails the run, as under Pulumi's language host,
 * which logs every unhandled rejection as an error and fails the update
 * (`@pulumi/pulumi/cmd/run/run.js`, `uncaughtHandler`): `runProgram` rejects with the error, so
 * the plan CLI reports it and writes no `out/`.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../plan-runner/run-program";
import { buildInBatches } from "../components/k8s/build-in-batches";

/** A custom resource of a test type (the mocks record it like any other). */
class Thing extends pulumi.CustomResource {
  constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
    super(`test:index:${type}`, name, {}, opts);
  }
}

describe("plan runner: failures after the program returned", () => {
  it("a batch built on a later turn that throws fails the run with its error", async () => {
    const boom = new Error("cannot build thing-150");
    const run = runProgram("dev", {
      program: async () => {
        const items = Array.from({ length: 250 }, (_, i) => i);
        const things = buildInBatches(items, (i) => {
          if (i === 150) throw boom;
          return new Thing("Thing", `thing-${i}`);
        });
        new Thing("Waiter", "waiter", { dependsOn: things });
      },
    });
    await assert.rejects(run, (e: unknown) => e === boom);
  });

  it("an apply callback that throws fails the run", async () => {
    const run = runProgram("dev", {
      program: async () => {
        const thing = new Thing("Thing", "thing");
        thing.urn.apply(() => {
          throw new Error("apply failed on thing");
        });
      },
    });
    await assert.rejects(run, /apply failed on thing/);
  });

  it("a run without failures resolves, and the process's own listeners are back afterwards", async () => {
    const before = process.listeners("unhandledRejection");
    const run = await runProgram("dev", {
      program: async () => {
        buildInBatches([1, 2, 3], (i) => new Thing("Thing", `thing-${i}`));
        return { answer: 42 };
      },
    });
    assert.deepEqual(run.outputs, { answer: 42 });
    assert.deepEqual(
      run.registrations.filter((r) => r.type === "test:index:Thing").map((r) => r.name),
      ["thing-1", "thing-2", "thing-3"],
    );
    assert.deepEqual(process.listeners("unhandledRejection"), before);
  });
});
