/**
 * The address text policy: every CIDR, address and address range in the config must be written
 * canonically, or it is refused naming the exact offending character. Nothing is trimmed or
 * repaired: AWS, the CNIs and the router each read odd spellings differently (a leading zero is
 * octal to some parsers), so a plan built from cleaned text would not be the network deployed.
 *
 * This module only judges characters and zero padding; the shape (`a.b.c.d/n`, host bits, IPv6)
 * is judged by `cidr.ts` after the text passed.
 */

/** Names of characters that are invisible or look like others in a config file. */
const CHAR_NAMES: Readonly<Record<string, string>> = {
  " ": "space",
  "\t": "tab",
  "\n": "newline",
  "\r": "carriage return",
  "\v": "vertical tab",
  "\f": "form feed",
  "\u00a0": "non-breaking space (U+00A0)",
  "\u200b": "zero-width space (U+200B)",
  "\ufeff": "byte order mark (U+FEFF)",
  "\u2013": "en dash (U+2013)",
  "\u2212": "minus sign (U+2212)",
  "\uff0e": "fullwidth full stop (U+FF0E)",
};

function describeChar(ch: string): string {
  const known = CHAR_NAMES[ch];
  if (known) return known;
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code < 0x20 || code === 0x7f) return `control character (${hex})`;
  return `non-ASCII character ${JSON.stringify(ch)} (${hex})`;
}

/** Visible ASCII; which of it forms an address is the parser's judgement (with its own reasons). */
const VISIBLE_ASCII = /^[\x21-\x7e]$/;

/**
 * Why `text` is not canonical address text, or undefined when it is. Phrased to complete
 * "<value> …", e.g. `has a leading space`, `has a tab at position 12`,
 * `has a leading zero in /08`.
 */
export function addressTextProblem(text: string): string | undefined {
  if (text.length === 0) return "is empty";
  const chars = [...text];
  const first = chars[0];
  const last = chars[chars.length - 1];
  if (!VISIBLE_ASCII.test(first)) return `has a leading ${describeChar(first)}`;
  if (!VISIBLE_ASCII.test(last)) return `has a trailing ${describeChar(last)}`;
  const bad = chars.findIndex((ch) => !VISIBLE_ASCII.test(ch));
  if (bad >= 0) return `has a ${describeChar(chars[bad])} at position ${bad + 1}`;
  if (text.includes(":")) return undefined; // IPv6: refused by the parser with its own reason
  for (const m of text.matchAll(/(^|[./-])(0\d+)/g)) {
    const where = m[1] === "/" ? `/${m[2]}` : `the number ${m[2]}`;
    return `has a leading zero in ${where} (write numbers without zero padding)`;
  }
  return undefined;
}
