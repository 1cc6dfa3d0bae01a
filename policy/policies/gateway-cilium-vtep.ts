/**
 * gateway-cilium-vtep: a stack with an EKS Hybrid Nodes gateway release runs Cilium with
 * `vtep.enabled: true` and `l7Proxy: false`, as the gateway's CNI page requires.
 */
import { checkCiliumVtepValues } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { gatewayReleases } from "../lib/gateway";
import { chartName, helmCharts, T } from "../lib/stack";

export const gatewayCiliumVtep = stackPolicy({
  name: "gateway-cilium-vtep",
  description: "With an EKS Hybrid Nodes gateway, Cilium has VTEP on and the L7 proxy off.",
  fix: "set the Cilium values vtep.enabled: true and l7Proxy: false (EKS Hybrid Nodes gateway CNI requirements)",
  meta: {
    reads: [T.helmV3, T.helmV4],
    checks: ["with an `eks-hybrid-nodes-gateway` release in the stack, the Cilium release sets `vtep.enabled: true` and `l7Proxy: false`"],
  },
  check: (ix, _config, notApplicable) => {
    const resources = ix.of(T.helmV3, T.helmV4);
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
