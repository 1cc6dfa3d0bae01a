/**
 * How many cases a property test runs. `npm test` (what CI runs) gives every property its full
 * count; `npm run test:fast`, the inner loop, sets `EHN_QUICK_PROPERTIES=1` and runs a quarter of
 * each (at least 25): every property still runs, on fewer random cases, the way property-testing
 * tools keep a quick profile for development and a thorough one for CI.
 */
import fc from "fast-check";

const quick = process.env.EHN_QUICK_PROPERTIES === "1";

/** The number of cases for a property whose full count is `n`. */
export function propertyRuns(n: number): number {
  return quick ? Math.max(25, Math.ceil(n / 4)) : n;
}

// Properties without their own count run fast-check's default of 100.
fc.configureGlobal({ numRuns: propertyRuns(100) });
