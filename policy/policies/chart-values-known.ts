/** chart-values-known: Cilium Helm values use only keys the chart version knows (catches `kaffinity`). */
import { checkValuesKnown, minorOf } from "../../components/plan/rules";
import { CILIUM_KEYS_SOURCE, CILIUM_VALUE_KEYS } from "../data/cilium-value-keys";
import { resourcePolicy } from "../lib/define";
import { chartName, helmCharts, T } from "../lib/stack";

export const chartValuesKnown = resourcePolicy<{ ignoreKeys: string[] }>({
  name: "chart-values-known",
  description: `Cilium Helm values have no keys the chart does not know (the chart ignores them silently); known keys of Cilium ${Object.values(CILIUM_KEYS_SOURCE).join(", ")}.`,
  types: [T.helmV3, T.helmV4],
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
    if (!h.version) return notApplicable("the chart version is not set or not known yet");
    const line = minorOf(h.version);
    const known =
      CILIUM_VALUE_KEYS[line] ??
      notApplicable(`no known keys for Cilium ${h.version} (known: ${Object.keys(CILIUM_VALUE_KEYS).join(", ")})`);
    return checkValuesKnown(h.values, known, { chart: `Cilium ${CILIUM_KEYS_SOURCE[line]}`, ignore: config.ignoreKeys ?? [] });
  },
});
