/**
 * Loaded by mocha before the tests (`.mocharc.cjs` `require`). The program logs each config
 * warning with `pulumi.log.warn`, which under the mock runtime prints `warning: [runtime] …` —
 * once per run of a stack, dozens of times in a test log. The tests that are about warnings read
 * them from the plan's problems; all other console output passes through unchanged.
 */
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].startsWith("warning: [runtime] ")) return;
  warn(...args);
};
