/**
 * Issue 12, "values quoted consistently and long values shortened": every config value a message
 * shows goes through the one helper (`show` in components/plan/issue-text.ts): as written when it
 * is plain printable text, JSON-quoted (escapes visible) when it is empty or holds spaces or
 * invisible characters, shortened with its length when long. The property below puts arbitrary
 * text into string fields of the checked-in stacks and checks every problem's value against
 * `show` of the raw text it came from, so a rule that quotes always (the old node-label rules) or
 * never (raw text with a newline breaking the one-line message) fails here.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { formatProblem, planFromRawConfig } from "../components/plan";
import { show } from "../components/plan/issue-text";
import { shorten } from "../components/plan/rules/problem";
import { rawConfigOf } from "./helpers/raw-config";

const NOW = new Date("2026-11-29T12:00:00Z");
type Config = Record<string, any>;

describe("message values: one quoting helper", () => {
  it("show(): plain text as written; empty, spaces, invisible and non-ASCII characters quoted; long values shortened", () => {
    assert.equal(show("10.0.0.0/16"), "10.0.0.0/16");
    assert.equal(show("a/b/c"), "a/b/c");
    assert.equal(show(""), '""');
    assert.equal(show(" 10.0.0.0/16"), '" 10.0.0.0/16"');
    assert.equal(show("10.0.0.0/16\n"), '"10.0.0.0/16\\n"');
    assert.equal(show("a\u00a0b"), '"a\u00a0b"', "a non-breaking space is quoted");
    assert.equal(show("a\u200bb"), '"a\u200bb"');
    assert.equal(show(7), "7");
    assert.equal(show(["a"]), '["a"]');
    assert.equal(show(undefined), "(missing)");
    assert.equal(show("x".repeat(61)), `${"x".repeat(59)}… (61 characters)`);
    assert.equal(show("x".repeat(60)), "x".repeat(60), "60 characters are shown whole");
  });

  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.stringMatching(/^[a-z][a-z0-9./-]{0,80}$/),
    fc.constantFrom("a b", " x", "x\n", "x\t", "x\u00a0", "\u200bx", "", "Node 1", "a/b/c", "-bad", "x".repeat(70), "Example.com/rack"),
  );
  const SETTERS: [string, (c: Config, v: string) => void][] = [
    ["cluster.name", (c, v) => (c.cluster.name = v)],
    ["nodes[0].name", (c, v) => (c.nodes[0].name = v)],
    ["nodes[0].labels (key)", (c, v) => (c.nodes[0].labels = { [v]: "x" })],
    ["nodes[0].labels (value)", (c, v) => (c.nodes[0].labels = { rack: v })],
    ["cni.poolSelectorLabel", (c, v) => (c.cni.poolSelectorLabel = v)],
    ["router.address", (c, v) => (c.router.address = v)],
    ["nodes[0].ip", (c, v) => (c.nodes[0].ip = v)],
    ["cluster.serviceCidr", (c, v) => (c.cluster.serviceCidr = v)],
    ["onPrem.podCidrs[0]", (c, v) => (c.onPrem.podCidrs[0] = v)],
    ["cni.version", (c, v) => (c.cni.version = v)],
    ["cluster.ssmActivationExpiry", (c, v) => (c.cluster.ssmActivationExpiry = v)],
    ["loadBalancing.metallb.addressPools[0].name", (c, v) => (c.loadBalancing.metallb.addressPools[0].name = v)],
  ];

  it("every problem shows the text it came from through show(), and stays on one line", () => {
    const base = rawConfigOf("dev");
    fc.assert(
      fc.property(fc.constantFrom(...SETTERS), text, ([field, set], raw) => {
        const c = structuredClone(base);
        set(c, raw);
        const { problems } = planFromRawConfig(c, { now: NOW });
        for (const p of problems) {
          const line = formatProblem(p);
          assert.doesNotMatch(line, /[\n\r\t]/, `${field} = ${JSON.stringify(raw)}: one line: ${JSON.stringify(line)}`);
          // The value is the raw text in some rendering: it must be show()'s rendering.
          const renderings = [raw, JSON.stringify(raw), shorten(raw), shorten(JSON.stringify(raw))];
          if (raw !== "" && renderings.includes(p.value)) {
            assert.equal(p.value, show(raw), `${field} = ${JSON.stringify(raw)}: ${p.key} shows ${JSON.stringify(p.value)}`);
          }
        }
      }),
      { numRuns: propertyRuns(300), seed: 29 },
    );
  });
});
