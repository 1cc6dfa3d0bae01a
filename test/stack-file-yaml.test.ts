/**
 * Stack files are read by js-yaml when they are plain YAML (`plainYaml` in
 * plan-runner/stack-config.ts, a few tens of milliseconds for thousands of nodes) and by the `yaml`
 * package otherwise (errors with line and column, bounded aliases). The oracle here is the `yaml`
 * package with the options the runner gives it: whatever the fast path accepts must read exactly
 * as `yaml` reads it, and whatever `yaml` refuses the fast path must not accept.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { CORE_SCHEMA, load } from "js-yaml";
import { parse, stringify } from "yaml";
import { toYaml } from "../components/render/yaml-text";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { plainYaml } from "../plan-runner/stack-config";

const oracle = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: parse(text, { maxAliasCount: 100, uniqueKeys: true }) };
  } catch {
    return { ok: false };
  }
};

/** The fast path agrees with the oracle on `text` (or steps aside). */
function agrees(text: string): void {
  const fast = plainYaml(text);
  if (fast === undefined) return;
  const slow = oracle(text);
  assert.ok(slow.ok, `the fast path accepted what yaml refuses:\n${text}`);
  assert.deepEqual(fast, slow.value, text);
}

/** Scalars where YAML readers are known to disagree or that look like other types. */
const TRICKY = [
  "0b101",
  "-0b1",
  "0o17",
  "017",
  "0x1F",
  "1_000",
  "+12",
  ".5",
  "1.",
  "1e3",
  "E0",
  ".inf",
  "-.Inf",
  ".NaN",
  "1:20",
  "2026-11-29",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "n",
  "True",
  "FALSE",
  "~",
  "null",
  "Null",
  "",
  "1.30",
  "1.35",
  "10.0.0.0/16",
  "203.0.113.10",
  "a # b",
  "a: b",
  "- a",
  "[a]",
  "{a: 1}",
  "'q'",
  '"q"',
  "&a",
  "*a",
  "!tag",
  "%x",
  "@a",
  "`a",
  "a\\tb",
  " lead",
  "trail ",
];
const scalarText = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme-ascii", maxLength: 12 }));

describe("stack files: the plain-YAML fast path reads exactly what the yaml package reads", () => {
  it("every checked-in stack file takes the fast path and reads the same", () => {
    const files = fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    assert.ok(files.length >= 9);
    for (const f of files) {
      const text = fs.readFileSync(path.join(PROJECT_DIR, f), "utf8");
      const fast = plainYaml(text);
      assert.notEqual(fast, undefined, `${f} should be plain YAML`);
      assert.deepEqual(fast, parse(text, { uniqueKeys: true }), f);
    }
  });

  it("property: a value written raw after a key, in a sequence or as a key agrees or steps aside", () => {
    fc.assert(
      fc.property(scalarText, scalarText, (a, b) => {
        for (const text of [`k: ${a}\n`, `k:\n  - ${a}\n  - ${b}\n`, `${a}: ${b}\n`, `k: [${a}, ${b}]\n`, `k: {x: ${a}}\n`, `${a}\n`])
          agrees(text);
      }),
      { numRuns: propertyRuns(3000) },
    );
  });

  it("property: stack-like documents written by two writers agree or step aside", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(scalarText, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
      node: fc.oneof(
        { depthSize: "small" },
        tie("leaf"),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(scalarText, tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(scalarText, value, { minKeys: 1, maxKeys: 4 }), (config) => {
        const doc = { config };
        for (const text of [stringify(doc), toYaml(JSON.parse(JSON.stringify(doc)))]) agrees(text);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it("property: random texts from YAML's indicators and tricky scalars agree or step aside", () => {
    const token = fc.constantFrom(
      ...["k", "a", "1", "-", "- ", ":", ": ", "\n", "  ", "\t", "[", "]", "{", "}", ",", '"', "'", "#", " #", "|", ">", "|-"],
      ...["0x1", "-0", "1.5", ".5", "yes", "~", "null", "%", "@", "`", "\\", "é", "\u00a0", "...", "---", "=", "?", "0b1", "-.2"],
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (parts) => agrees(parts.join("") + "\n")),
      { numRuns: propertyRuns(20000) },
    );
  });

  it("planted: where js-yaml alone would read differently, the fast path steps aside", () => {
    // Binary integers and null keys: js-yaml's core schema and YAML 1.2's (the yaml package) differ.
    for (const [text, jsYaml, yaml] of [
      ["k: 0b101\n", { k: 5 }, { k: "0b101" }],
      ["null: c\n", { null: "c" }, { "": "c" }],
      ["k: -0x1\n", { k: -1 }, { k: "-0x1" }],
      ["---- 1\n", [1], "---- 1"],
    ] as const) {
      assert.deepEqual(load(text, { schema: CORE_SCHEMA }), jsYaml, "js-yaml reads it so");
      assert.deepEqual(parse(text), yaml, "yaml reads it so");
      assert.equal(plainYaml(text), undefined, text);
    }
    // Anchors and aliases (alias bombs) and duplicate keys go to the reader that bounds and names them.
    for (const text of ["a: &x [1, 2]\nb: *x\n", "a: 1\na: 2\n", "k: !!binary aGk=\n"]) assert.equal(plainYaml(text), undefined, text);
  });
});
