/**
 * gateway-cilium-vtep: a stack with an EKS Hybrid Nodes gateway release runs Cilium with
 * `vtep.enabled: true` and `l7Proxy: false`, as the gateway's CNI page requires.
 */
import { checkCiliumVtepValues } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { gatewayReleases } from "../lib/gateway";
import { chartName, helmCharts } from "../lib/stack";

export const gatewayCiliumVtep = stackPolicy({
  name: "gateway-cilium-vtep",
  description: "With an EKS Hybrid Nodes gateway, Cilium has VTEP on and the L7 proxy off.",
  check: (resources, _config, notApplicable) => {
    const gateways = gatewayReleases(resources);
    if (!gateways.length) return notApplicable("no eks-hybrid-nodes-gateway release with known values in the stack");
    const cilium = helmCharts(resources).filter((h) => chartName(h.chart) === "cilium" && h.valuesKnown);
    if (!cilium.length) return notApplicable("Cilium is not installed by this stack");
    const findings: Finding[] = [];
    for (const c of cilium)
      for (const problem of checkCiliumVtepValues({ key: "values", value: c.values })) findings.push({ res: c.res, problem });
    return findings;
  },
});
