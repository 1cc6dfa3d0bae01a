/**
 * webhook-placement: where the EKS control plane cannot call a webhook on a hybrid pod, the
 * webhook-serving add-ons (AWS Load Balancer Controller, MetalLB's controller) must be kept off
 * hybrid nodes. AWS, https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html:
 * - "If you are running webhooks on hybrid nodes, … you must configure your EKS cluster with your
 *   remote pod network": a hybrid cluster without `remotePodNetworks` cannot reach them;
 * - mixed mode clusters (hybrid nodes and nodes in AWS Cloud): "Configure webhooks to run on nodes
 *   in AWS Cloud", with the affinity `eks.amazonaws.com/compute-type NotIn [hybrid]`.
 * A mixed cluster, as the pack sees it: a managed node group of the cluster without a NoSchedule /
 * NoExecute taint (general cloud nodes; tainted groups such as the hybrid nodes gateway's take no
 * webhooks). Applies only when every hybrid cluster of the stack is such a cluster, since a
 * release does not say which cluster it deploys to.
 */
import { Finding, stackPolicy } from "../lib/define";
import { hasUnknown, isUnknown, known, str } from "../lib/props";
import { chartName, ClusterFacts, helmCharts, hybridClusters, Plain, T } from "../lib/stack";
import type { StackIndex } from "../lib/stack-index";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const COMPUTE_TYPE = "eks.amazonaws.com/compute-type";

/** Webhook-serving charts, and where in their values the webhook's pod scheduling is. */
const WEBHOOK_CHARTS: Record<string, { what: string; path: readonly string[] }> = {
  "aws-load-balancer-controller": { what: "the AWS Load Balancer Controller", path: [] },
  // MetalLB's webhooks are served by the controller; the speakers belong on the hybrid nodes.
  metallb: { what: "MetalLB's controller", path: ["controller"] },
};

/** Why a cluster's hybrid pods must not serve webhooks, or undefined when they may (or it is unknown). */
function whyNotOnHybrid(ix: StackIndex, c: ClusterFacts): string | undefined {
  const rnc = c.res.p.remoteNetworkConfig;
  const pods = isUnknown(rnc) ? rnc : (Array.isArray(rnc) ? rnc[0] : rnc)?.remotePodNetworks;
  // Unknown in preview: could list pod networks, so this reason is not given.
  if (!hasUnknown(pods) && c.podEntries.length === 0) {
    return `cluster ${c.res.name} has no remotePodNetworks, so the EKS control plane cannot reach webhooks on hybrid pods`;
  }
  const general = generalNodeGroups(ix, c);
  if (general.length) {
    return `cluster ${c.res.name} is a mixed cluster (cloud node group ${general[0].name}), where AWS runs webhooks on the cloud nodes`;
  }
  return undefined;
}

/** Managed node groups of the cluster without a NoSchedule/NoExecute taint (unknown taints count as tainted). */
function generalNodeGroups(ix: StackIndex, c: ClusterFacts): Plain[] {
  const name = str(c.res.p.name);
  return ix.of(NODE_GROUP).filter((ng) => {
    const ofCluster =
      ix.deps(ng, "clusterName", [T.cluster]).includes(c.res) || (typeof name === "string" && str(ng.p.clusterName) === name);
    if (!ofCluster || isUnknown(ng.p.taints)) return false;
    return !known<any>(ng.p.taints).some(({ value }) => isUnknown(value) || /NO_SCHEDULE|NO_EXECUTE/.test(String(value?.effect)));
  });
}

/** Whether a pod spec's scheduling (`nodeSelector`, `affinity`) admits no hybrid node. */
export function keepsOffHybridNodes(
  scheduling: { nodeSelector?: unknown; affinity?: unknown },
  cloudLabels: readonly [string, string][],
): boolean {
  const sel = (scheduling.nodeSelector ?? {}) as Record<string, unknown>;
  if (typeof sel[COMPUTE_TYPE] === "string" && sel[COMPUTE_TYPE] !== "hybrid") return true;
  if (cloudLabels.some(([k, v]) => sel[k] === v)) return true;
  const terms = (scheduling.affinity as any)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return false;
  // Terms are ORed: every one must exclude hybrid nodes.
  return terms.every((t) =>
    (Array.isArray(t?.matchExpressions) ? t.matchExpressions : []).some((e: any) => {
      if (e?.key !== COMPUTE_TYPE) return false;
      const values: unknown[] = Array.isArray(e.values) ? e.values : [];
      if (e.operator === "NotIn") return values.includes("hybrid");
      if (e.operator === "In") return values.length > 0 && !values.includes("hybrid");
      return e.operator === "DoesNotExist";
    }),
  );
}

/** The values object at `path` ({} when absent), or undefined when it is unknown in preview. */
function at(values: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let v: unknown = values;
  for (const k of path) {
    if (isUnknown(v)) return undefined;
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  }
  if (isUnknown(v)) return undefined;
  return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
}

function shown(v: unknown): string {
  if (v === undefined) return "(unset)";
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export const webhookPlacement = stackPolicy({
  name: "webhook-placement",
  description:
    "Where hybrid pods are not reachable from the EKS control plane (no remote pod networks) or the cluster has cloud nodes, webhook-serving add-ons are kept off hybrid nodes.",
  fix: 'set the release\'s affinity to AWS\'s mixed-mode value, nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: [{matchExpressions: [{key: eks.amazonaws.com/compute-type, operator: NotIn, values: ["hybrid"]}]}] (MetalLB: controller.affinity), with cloud nodes in the cluster to run it (EKS "Configure webhooks for hybrid nodes")',
  meta: {
    reads: [T.cluster, NODE_GROUP, T.helmV3, T.helmV4],
    checks: [
      "when every hybrid cluster of the stack has no `remotePodNetworks`, or has a managed node group without NoSchedule/NoExecute taints (a mixed cluster), the `aws-load-balancer-controller` release's `affinity`/`nodeSelector` and the `metallb` release's `controller.affinity`/`controller.nodeSelector` admit no hybrid node (`eks.amazonaws.com/compute-type NotIn [hybrid]`, a non-hybrid compute-type, or a cloud node group's label)",
    ],
  },
  check: (ix, _config, notApplicable) => {
    const clusters = hybridClusters(ix);
    if (!clusters.length) return notApplicable("no hybrid EKS cluster in the stack");
    const reasons = clusters.map((c) => whyNotOnHybrid(ix, c));
    if (reasons.some((r) => r === undefined)) return notApplicable("a hybrid cluster of the stack can reach webhooks on hybrid pods");
    const cloudLabels = clusters
      .flatMap((c) => generalNodeGroups(ix, c))
      .flatMap((ng) => Object.entries((ng.p.labels ?? {}) as Record<string, unknown>))
      .filter((kv): kv is [string, string] => typeof kv[1] === "string");
    const findings: Finding[] = [];
    for (const h of helmCharts(ix.of(T.helmV3, T.helmV4))) {
      const chart = WEBHOOK_CHARTS[chartName(h.chart)];
      if (!chart || h.valuesUnknown) continue;
      const pod = at(h.values, chart.path);
      // Scheduling unknown in preview: judged on update.
      if (!pod || hasUnknown(pod.affinity) || hasUnknown(pod.nodeSelector)) continue;
      if (keepsOffHybridNodes(pod, cloudLabels)) continue;
      const prefix = ["values", ...chart.path].join(".");
      findings.push({
        res: h.res,
        problem: {
          key: `${prefix}.affinity`,
          value: shown(pod.affinity),
          rule: `lets ${chart.what}, which serves admission webhooks, run on hybrid nodes: ${reasons[0]}`,
        },
      });
    }
    return findings;
  },
});
