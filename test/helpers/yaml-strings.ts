/**
 * Strings a YAML reader might take for something else — keywords of YAML 1.1 and 1.2, numbers,
 * indicators, document markers, escapes, line and byte-order characters, multi-line text — for the
 * property tests of the project's YAML writer (`components/render/yaml-text.ts`).
 */
import fc from "fast-check";

/** Fixed cases, each a known way a plain scalar is misread. */
export const TRICKY_YAML_STRINGS: readonly string[] = [
  ...["yes", "no", "on", "off", "y", "N", "true", "Null", "null", "~", "E0", "e+5", "NaN", "Infinity", "inf"],
  ...["1:20", "0x1F", "1e3", ".inf", "-", "--", "---", "...", "a:", "a: b", "a #b", "#x", "<<", "@x", "`x"],
  ...["[x]", "{x}", "!x", "&x", "*x", "|", ">", "%x", "'x", '"x', " x", "x "],
  ...["x\u2028y", "x\u0085y", "\ufeffx", "a\u007fb"],
];

/**
 * Any code point but a surrogate half: fast-check's `unit: "binary"`, without its reverse map of all
 * 1.1 million code points, which `fc.dictionary` builds on first use (1.5 s in every test process).
 */
const codePoint = fc
  .oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
  .map((cp) => String.fromCodePoint(cp));

/** Arbitrary text, binary strings, the fixed cases, indicator soup and multi-line text. */
export const trickyYamlString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: codePoint }),
  fc.constantFrom(...TRICKY_YAML_STRINGS),
  fc.stringMatching(/^[A-Za-z0-9 ./:=,@+<>#&*!|%'"(){}[\]\t\n-]{0,30}$/),
  fc.array(fc.stringMatching(/^[ \tA-Za-z#:-]{0,8}$/), { maxLength: 5 }).map((ls) => ls.join("\n")),
);
