/**
 * pod-pools-in-remote-pod-network: every CNI pod pool (Calico IPPool resources and
 * tigera-operator `installation.calicoNetwork.ipPools`, Cilium cluster-pool CIDRs) lies inside
 * the remote pod CIDRs, pools are disjoint, and Cilium's mask leaves a block per node.
 */
import { Cidr } from "../../components/plan/cidr";
import { checkClusterPoolCapacity, checkPodPools, Keyed } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { isUnknown, known, num, str } from "../lib/props";
import { chartName, helmCharts, hybridClusters, ofType, Plain, spec, T } from "../lib/stack";

/** Cilium chart defaults (values.yaml of 1.16–1.18). */
const CILIUM_DEFAULT_POOL = ["10.0.0.0/8"];
const CILIUM_DEFAULT_MASK = 24;

type Pool = { res: Plain; entry: Keyed };

function ciliumPools(h: { res: Plain; values: any; valuesKnown: boolean }): { pools: Pool[]; mask: Keyed<number> } | undefined {
  if (!h.valuesKnown) return undefined; // judged at update, when defaults are not guesses
  const ipam = h.values.ipam ?? {};
  if ((ipam.mode ?? "cluster-pool") !== "cluster-pool") return undefined;
  const list = ipam.operator?.clusterPoolIPv4PodCIDRList;
  const key = "values.ipam.operator.clusterPoolIPv4PodCIDRList";
  if (isUnknown(list)) return undefined;
  // The list may be a YAML list or a comma/space separated string.
  const given =
    list === undefined
      ? CILIUM_DEFAULT_POOL.map((v) => ({ v, k: `${key} (unset: chart default)` }))
      : (typeof list === "string" ? list.split(/[\s,]+/).filter(Boolean) : known<string>(list).map((x) => String(x.value))).map((v, i) => ({
          v,
          k: `${key}[${i}]`,
        }));
  const mask = num(ipam.operator?.clusterPoolIPv4MaskSize);
  return {
    pools: given.map(({ v, k }) => ({ res: h.res, entry: { key: k, value: v } })),
    mask: { key: "values.ipam.operator.clusterPoolIPv4MaskSize", value: typeof mask === "number" ? mask : CILIUM_DEFAULT_MASK },
  };
}

export const podPoolsInRemotePodNetwork = stackPolicy<{ nodeCount?: number }>({
  name: "pod-pools-in-remote-pod-network",
  description:
    "Every CNI pod pool lies inside the cluster's remote pod CIDRs, pools are disjoint, and Cilium's per-node mask leaves room for the nodes.",
  config: {
    nodeCount: {
      type: "integer",
      minimum: 1,
      description: "Hybrid nodes to plan for; default: the SSM hybrid activations' registrationLimit, when there are any.",
    },
  },
  check: (resources, config, notApplicable) => {
    const clusters = hybridClusters(resources);
    if (!clusters.length) return notApplicable("no EKS cluster with remoteNetworkConfig in the stack");
    const podCidrs: Cidr[] = clusters.flatMap((c) => c.podCidrs.map((x) => x.cidr));
    const pools: Pool[] = [];
    for (const r of ofType(resources, T.calicoIpPool)) {
      const s = spec(r);
      const cidr = str(s.cidr);
      if (typeof cidr === "string" && !cidr.includes(":") && s.disabled !== true)
        pools.push({ res: r, entry: { key: "spec.cidr", value: cidr } });
    }
    const findings: Finding[] = [];
    for (const h of helmCharts(resources)) {
      const name = chartName(h.chart);
      if (name === "tigera-operator") {
        for (const { index, value } of known<any>((h.values as any).installation?.calicoNetwork?.ipPools)) {
          const cidr = str(value.cidr);
          if (typeof cidr === "string" && !cidr.includes(":"))
            pools.push({ res: h.res, entry: { key: `values.installation.calicoNetwork.ipPools[${index}].cidr`, value: cidr } });
        }
      } else if (name === "cilium") {
        const c = ciliumPools(h);
        if (!c) continue;
        pools.push(...c.pools);
        const parsed = checkPodPools(
          c.pools.map((p) => p.entry),
          [],
        ).parsed;
        const activations = ofType(resources, T.ssmActivation).map((a) => num(a.p.registrationLimit));
        const limit = activations.reduce<number>((n, x) => n + (typeof x === "number" ? x : 0), 0);
        const nodes = config.nodeCount
          ? { key: "policy config nodeCount", value: config.nodeCount }
          : limit
            ? { key: "SSM activation registrationLimit", value: limit }
            : undefined;
        findings.push(...checkClusterPoolCapacity(parsed, c.mask, nodes).map((problem) => ({ res: h.res, problem })));
      }
    }
    const byKey = new Map(pools.map((p) => [`${p.res.name}: ${p.entry.key}`, p.res]));
    const { problems } = checkPodPools(
      pools.map((p) => ({ key: `${p.res.name}: ${p.entry.key}`, value: p.entry.value })),
      podCidrs,
    );
    findings.push(
      ...problems.map((problem) => {
        const res = byKey.get(problem.key)!;
        return { res, problem: { ...problem, key: problem.key.slice(res.name.length + 2) } };
      }),
    );
    return findings;
  },
});
