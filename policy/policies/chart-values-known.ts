/**
 * chart-values-known: Cilium Helm values use only keys the chart version knows (catches
 * `kaffinity`). An unpinned chart installs the newest Cilium, and a version newer than the
 * pack's data is checked against the newest key set the pack carries; the message says so.
 */
import { checkValuesKnown, minorOf } from "../../components/plan/rules";
import { CILIUM_KEYS_SOURCE, CILIUM_VALUE_KEYS } from "../data/cilium-value-keys";
import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/props";
import { chartName, helmCharts, T } from "../lib/stack";

const lines = Object.keys(CILIUM_VALUE_KEYS).sort((a, b) => {
  const [x, y] = [a, b].map((l) => l.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1];
});
const NEWEST = lines[lines.length - 1];

/** Whether line `a` (major.minor) is newer than `b`. */
function newer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((l) => l.split(".").map(Number));
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
}

export const chartValuesKnown = resourcePolicy<{ ignoreKeys: string[] }>({
  name: "chart-values-known",
  description: `Cilium Helm values have no keys the chart does not know (the chart ignores them silently); known keys of Cilium ${Object.values(CILIUM_KEYS_SOURCE).join(", ")}.`,
  types: [T.helmV3, T.helmV4],
  fix: "correct the key (see the chart's values.yaml), or add it to the policy's ignoreKeys",
  meta: {
    reads: [T.helmV3, T.helmV4],
    checks: [
      `every key of a Cilium chart's \`values\` is a key of that Cilium line's values.yaml (${lines.join(", ")}); unpinned or newer versions are checked against the newest (${NEWEST}), and say so`,
    ],
  },
  config: {
    ignoreKeys: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Dotted value paths to accept anyway, e.g. `myCustom.key`.",
    },
  },
  check: (r, config, notApplicable) => {
    const h = helmCharts([r])[0];
    if (!h || chartName(h.chart) !== "cilium") return notApplicable("not a Cilium chart");
    if (isUnknown(h.version)) return notApplicable("the chart version is not known yet");
    let line = h.version === undefined ? NEWEST : minorOf(h.version.replace(/^v/, ""));
    let note = "";
    if (h.version === undefined) note = ` (version unpinned: the newest is installed; checked against the newest keys the pack carries)`;
    else if (!CILIUM_VALUE_KEYS[line] && newer(line, NEWEST)) {
      note = ` (${h.version} is newer than the pack's data; checked against the newest keys it carries)`;
      line = NEWEST;
    }
    const known = CILIUM_VALUE_KEYS[line] ?? notApplicable(`no known keys for Cilium ${h.version} (known: ${lines.join(", ")})`);
    return checkValuesKnown(h.values, known, { chart: `Cilium ${CILIUM_KEYS_SOURCE[line]}${note}`, ignore: config.ignoreKeys ?? [] });
  },
});
