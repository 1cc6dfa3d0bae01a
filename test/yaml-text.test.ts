/**
 * `toYaml` (plain data → YAML text without a YAML library) against two independent readers: the
 * `yaml` package as YAML 1.2 (core schema) and as YAML 1.1 (what Go's sigs.k8s.io/yaml reads:
 * kubectl, nodeadm). Every output must read back as the input; where the `yaml` package's own
 * writer produces the same text the files stay byte-identical.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { parse, stringify } from "yaml";
import { toYaml } from "../components/render/yaml-text";
import { trickyYamlString } from "./helpers/yaml-strings";

const text = trickyYamlString;
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** JSON's view of the value (what the writer promises to keep: -0 is 0). */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
const onlyStrings = (v: unknown): boolean =>
  typeof v === "string" || v === null || (typeof v === "object" && Object.values(v as object).every(onlyStrings));

describe("toYaml (YAML without a YAML library)", () => {
  it("any plain data reads back the same in YAML 1.2, and string data in YAML 1.1 too", () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(text, data, { maxKeys: 5 }), fc.array(data, { maxLength: 5 })), (v) => {
        const out = toYaml(v);
        assert.deepEqual(parse(out), asJson(v), out);
        // YAML 1.1 reads `1e3` without a dot as a string: numbers are checked in 1.2 only.
        if (onlyStrings(v)) assert.deepEqual(parse(out, { version: "1.1" }), asJson(v), out);
      }),
      { numRuns: propertyRuns(1500) },
    );
  });

  it("writes what the yaml package writes for Kubernetes-shaped objects", () => {
    const object = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "mi-0123", labels: { zone: "node-01", "topology.kubernetes.io/zone": "rack a" }, annotations: {} },
      spec: {
        list: [{ name: "a", port: 443, ok: true }, [1, 2], []],
        selector: 'zone == "node-01"',
        script: "set -e\nkubectl wait --for=condition=Established crd/x\n",
        version: "1.35",
        none: null,
      },
    };
    assert.equal(toYaml(object), stringify(object));
  });

  it("the check fails on a writer that leaves strings plain (planted fault)", () => {
    const naive = (v: Record<string, string>) =>
      Object.entries(v)
        .map(([k, x]) => `${k}: ${x}\n`)
        .join("");
    const bad = ["yes", "1e3", "a: b", "#x", "[x]"].filter((s) => {
      try {
        return JSON.stringify(parse(naive({ k: s }), { version: "1.1" })) !== JSON.stringify({ k: s });
      } catch {
        return true;
      }
    });
    assert.equal(bad.length, 5);
  });
});
