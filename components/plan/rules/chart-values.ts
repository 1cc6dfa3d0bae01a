/**
 * Helm charts such as Cilium silently ignore keys they do not know: a typo like `kaffinity:`
 * for `affinity:` installs without error and without the setting. Values are checked against
 * the keys of the chart's own values.yaml (as a key tree, generated per chart version).
 */
import { Problem } from "./problem";

/**
 * Known keys of a chart's values: a key maps to its nested known keys, or to 1 when anything may
 * go below it (a leaf, a list, or a free-form map such as `affinity` or `podAnnotations`).
 */
export interface KeyTree {
  readonly [key: string]: KeyTree | 1;
}

/** Every key path in `values` that the tree does not know, with the nearest known sibling keys. */
export function checkValuesKnown(
  values: unknown,
  known: KeyTree,
  opts: { path?: string; chart?: string; ignore?: readonly string[] } = {},
): Problem[] {
  const problems: Problem[] = [];
  const walk = (v: unknown, tree: KeyTree, path: string) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return;
    for (const [k, sub] of Object.entries(v as Record<string, unknown>)) {
      const at = path ? `${path}.${k}` : k;
      if (opts.ignore?.includes(at)) continue;
      const t = tree[k];
      if (t === undefined) {
        const hint = closest(k, Object.keys(tree));
        problems.push({
          key: `${opts.path ?? "values"}.${at}`,
          value: k,
          rule: `is not a key of the ${opts.chart ?? "chart"} values${hint ? ` (did you mean ${path ? `${path}.` : ""}${hint}?)` : ""}; the chart ignores unknown keys silently`,
        });
      } else if (t !== 1) walk(sub, t, at);
    }
  };
  walk(values, known, "");
  return problems;
}

/** The known key nearest by edit distance, if it is close (a typo), else undefined. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
