/**
 * policy/README.md lists exactly what each policy checks and which resource types it reads: the
 * table is generated from the policies' metadata, and the metadata's `reads` is checked against
 * what each policy really touches on the corpus (every property read is recorded by type).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { policyTable } from "../policy/scripts/gen-readme";
import { engineResources } from "../policy/harness";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { update } from "./policy-corpus/corpus";
import { FAULTY } from "./policy-corpus/faults";
import { HYBRID } from "./policy-corpus/hybrid";
import { UNRELATED } from "./policy-corpus/unrelated";

describe("policy/README.md", () => {
  it("holds the table generated from the policies' metadata (npx tsx policy/scripts/gen-readme.ts)", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "policy", "README.md"), "utf8");
    assert.ok(readme.includes(policyTable()), "run npx tsx policy/scripts/gen-readme.ts");
  });

  it("every policy says what it checks and reads", () => {
    for (const p of policies) {
      assert.ok(p.meta.checks.length > 0 && p.meta.reads.length > 0, p.name);
      for (const t of p.meta.reads) assert.match(t, /^(aws|kubernetes):[\w./-]+:\w+$/, `${p.name}: ${t} is a Pulumi type token`);
    }
  });

  for (const p of policies) {
    it(`${p.name} reads only the resource types it lists`, async () => {
      const touched = new Set<string>();
      for (const s of [...UNRELATED, ...HYBRID, ...FAULTY]) {
        const engine = engineResources(update(s));
        const byUrn = new Map<string, PolicyResource>();
        const resources = engine.map((r) => {
          const target = unknownCheckingProxy(r.properties) as Record<string, unknown>;
          const props = new Proxy(target, {
            get: (t, k) => {
              touched.add(r.type);
              return Reflect.get(t, k);
            },
          });
          const res = { type: r.type, name: r.name, urn: r.urn, props, propertyDependencies: {} } as unknown as PolicyResource;
          byUrn.set(r.urn, res);
          return res;
        });
        engine.forEach((r, i) => {
          for (const [k, urns] of Object.entries(r.propertyDependencies))
            resources[i].propertyDependencies[k] = urns.map((u) => byUrn.get(u)!);
        });
        const report = () => undefined;
        const notApplicable = (): never => {
          throw new Error("n/a");
        };
        const run = async (fn: () => unknown) => {
          try {
            await fn();
          } catch (e) {
            if ((e as Error).message !== "n/a") throw e;
          }
        };
        if ("validateStack" in p) {
          const args = { resources, getConfig: () => ({}), stackTags: new Map(), notApplicable } as unknown as StackValidationArgs;
          await run(() => p.validateStack(args, report));
        } else {
          for (const r of resources) {
            const v = [p.validateResource].flat()[0]!;
            const args = { ...r, getConfig: () => ({}), notApplicable } as any;
            await run(() => v(args, report));
          }
        }
      }
      const extra = [...touched].filter((t) => !p.meta.reads.includes(t));
      assert.deepEqual(extra, [], `${p.name} reads types its metadata does not list`);
    });
  }
});
