/**
 * Label selectors as the CNIs evaluate them against a node's labels: Kubernetes `LabelSelector`
 * (Cilium `nodeSelector`, advertisement selectors) and Calico selector expressions (`IPPool` /
 * `BGPPeer` `nodeSelector`). Only the forms the rendered resources use; anything else throws so
 * that the lab never guesses.
 */

export type Labels = Readonly<Record<string, string>>;

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes LabelSelector semantics; an absent or empty selector matches everything. */
export function matchesLabelSelector(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok = { In: inValues, NotIn: !inValues, Exists: has, DoesNotExist: !has }[e.operator];
    if (ok === undefined) throw new Error(`label selector operator ${e.operator} is not one of In, NotIn, Exists, DoesNotExist`);
    if (!ok) return false;
  }
  return true;
}

/**
 * Calico selector: `all()`, `has(k)`, `!has(k)`, `k == 'v'`, `k != 'v'`, `k in {'a','b'}`,
 * joined by `&&`. Empty or absent means all().
 */
export function matchesCalicoSelector(expr: string | undefined, labels: Labels): boolean {
  const text = (expr ?? "").trim();
  if (!text) return true;
  return text.split("&&").every((term) => calicoTerm(term.trim(), labels, text));
}

function calicoTerm(t: string, labels: Labels, whole: string): boolean {
  const q = `["']([^"']*)["']`;
  let m: RegExpMatchArray | null;
  if (t === "all()") return true;
  if ((m = t.match(/^(!)?has\(\s*([\w./-]+)\s*\)$/))) return Boolean(m[1]) !== Object.prototype.hasOwnProperty.call(labels, m[2]);
  if ((m = t.match(new RegExp(`^([\\w./-]+)\\s*(==|!=)\\s*${q}$`)))) return (labels[m[1]] === m[3]) === (m[2] === "==");
  if ((m = t.match(/^([\w./-]+)\s+(not\s+)?in\s*\{(.*)\}$/))) {
    const values = m[3].split(",").map((v) => v.trim().replace(/^["']|["']$/g, ""));
    return values.includes(labels[m[1]]) !== Boolean(m[2]);
  }
  throw new Error(`Calico selector ${JSON.stringify(whole)}: the lab cannot evaluate ${JSON.stringify(t)}`);
}
