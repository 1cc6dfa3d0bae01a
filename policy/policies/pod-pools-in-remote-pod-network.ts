/**
 * pod-pools-in-remote-pod-network: every CNI pod pool (Calico IPPools in either API group,
 * Installation and tigera-operator pools — the operator's 192.168.0.0/16 default when none is
 * set — and Cilium cluster-pool CIDRs) lies inside the remote pod CIDRs, pools are disjoint, and
 * Cilium's mask leaves a block per node.
 */
import { Cidr } from "../../components/plan/cidr";
import { checkClusterPoolCapacity, checkPodPools } from "../../components/plan/rules";
import { Finding, stackPolicy } from "../lib/define";
import { num } from "../lib/props";
import { calicoPools, ciliumPools, Pool } from "../lib/pod-pools";
import { chartName, helmCharts, hybridClusters, T } from "../lib/stack";

export const podPoolsInRemotePodNetwork = stackPolicy<{ nodeCount?: number }>({
  name: "pod-pools-in-remote-pod-network",
  description:
    "Every CNI pod pool lies inside the cluster's remote pod CIDRs, pools are disjoint, and Cilium's per-node mask leaves room for the nodes.",
  fix: "set the pool to (a part of) the cluster's remote pod CIDRs",
  meta: {
    reads: [T.cluster, ...T.calicoIpPools, T.tigeraInstallation, T.helmV3, T.helmV4, T.ssmActivation],
    checks: [
      "Calico `IPPool`s (`crd.projectcalico.org/v1`, `projectcalico.org/v3`), `Installation` and tigera-operator `installation.calicoNetwork.ipPools` — the operator's default 192.168.0.0/16 when no pool is set anywhere — and Cilium `ipam.operator.clusterPoolIPv4PodCIDRList` (chart default 10.0.0.0/8) lie inside the remote pod CIDRs and are disjoint",
      "Cilium's `clusterPoolIPv4MaskSize` fits the pool and leaves a block per node (`nodeCount`, else the SSM activations' `registrationLimit`)",
    ],
  },
  config: {
    nodeCount: {
      type: "integer",
      minimum: 1,
      description: "Hybrid nodes to plan for; default: the SSM hybrid activations' registrationLimit, when there are any.",
    },
  },
  check: (ix, config, notApplicable) => {
    const clusters = hybridClusters(ix);
    if (!clusters.length) return notApplicable("no EKS cluster with remoteNetworkConfig in the stack");
    const podCidrs: Cidr[] = clusters.flatMap((c) => c.podCidrs.map((x) => x.cidr));
    const pools: Pool[] = calicoPools(ix);
    const findings: Finding[] = [];
    for (const h of helmCharts(ix.of(T.helmV3, T.helmV4))) {
      if (chartName(h.chart) !== "cilium") continue;
      const c = ciliumPools(h);
      if (!c) continue;
      pools.push(...c.pools);
      if (!c.mask.key) continue; // mask unknown in preview
      const parsed = checkPodPools(
        c.pools.map((p) => p.entry),
        [],
      ).parsed;
      const activations = ix.of(T.ssmActivation).map((a) => num(a.p.registrationLimit));
      const limit = activations.reduce<number>((n, x) => n + (typeof x === "number" ? x : 0), 0);
      const nodes = config.nodeCount
        ? { key: "policy config nodeCount", value: config.nodeCount }
        : limit && activations.every((x) => typeof x === "number")
          ? { key: "SSM activation registrationLimit", value: limit }
          : undefined;
      findings.push(
        ...checkClusterPoolCapacity(parsed, c.mask, nodes).map((problem) => ({
          res: h.res,
          problem,
          fix: "choose a mask that fits the pool and leaves a block per node",
        })),
      );
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
