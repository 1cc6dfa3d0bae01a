/**
 * The CNI pod pools a stack declares, by where they are written: Calico `IPPool`s (both API
 * groups), `operator.tigera.io/v1` `Installation` and tigera-operator Helm values
 * (`installation.calicoNetwork.ipPools`, or the operator's default pool when none is given),
 * and Cilium cluster-pool IPAM values. Only the paths a pool needs must be known.
 */
import { Keyed } from "../../components/plan/rules";
import { isUnknown, known, num, str } from "./props";
import { chartName, helmCharts, Plain, spec, T } from "./stack";
import type { StackIndex } from "./stack-index";

/** A pool and where it is written. */
export interface Pool {
  readonly res: Plain;
  readonly entry: Keyed;
}

/** The tigera-operator's pool when `calicoNetwork.ipPools` is nil (tigera docs, "Configure default IP pools": CIDR 192.168.0.0/16). */
export const CALICO_OPERATOR_DEFAULT_POOL = "192.168.0.0/16";
/** Cilium chart defaults (values.yaml of 1.16–1.18: `clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"]`, mask 24). */
export const CILIUM_DEFAULT_POOL = "10.0.0.0/8";
export const CILIUM_DEFAULT_MASK = 24;

/** Pools of a `calicoNetwork` block; `undefined` when the list is unknown, `"unset"` when nil. */
function calicoNetworkPools(res: Plain, calicoNetwork: any, at: string): Pool[] | "unset" | undefined {
  if (isUnknown(calicoNetwork)) return undefined;
  const list = calicoNetwork?.ipPools;
  if (isUnknown(list)) return undefined;
  if (list === undefined || list === null) return "unset";
  return known<any>(list).flatMap(({ index, value }) => {
    const cidr = str(value?.cidr);
    return typeof cidr === "string" && !cidr.includes(":") ? [{ res, entry: { key: `${at}.ipPools[${index}].cidr`, value: cidr } }] : [];
  });
}

/** Calico pools: IPPool objects, Installation resources and tigera-operator values, plus the operator's default. */
export function calicoPools(ix: StackIndex): Pool[] {
  const pools: Pool[] = [];
  for (const r of ix.of(...T.calicoIpPools)) {
    const s = spec(r);
    const cidr = str(s.cidr);
    if (typeof cidr === "string" && !cidr.includes(":") && s.disabled !== true)
      pools.push({ res: r, entry: { key: "spec.cidr", value: cidr } });
  }
  const installs: { res: Plain; net: Pool[] | "unset" | undefined; at: string }[] = [];
  for (const r of ix.of(T.tigeraInstallation)) {
    if (isUnknown(r.p.spec)) continue;
    installs.push({ res: r, net: calicoNetworkPools(r, r.p.spec?.calicoNetwork, "spec.calicoNetwork"), at: "spec.calicoNetwork.ipPools" });
  }
  for (const h of helmCharts(ix.of(T.helmV3, T.helmV4))) {
    if (chartName(h.chart) !== "tigera-operator") continue;
    const inst = (h.values as any).installation;
    if (h.valuesUnknown || isUnknown(inst) || inst?.enabled === false) continue;
    installs.push({
      res: h.res,
      net: calicoNetworkPools(h.res, inst?.calicoNetwork, "values.installation.calicoNetwork"),
      at: "values.installation.calicoNetwork.ipPools",
    });
  }
  for (const i of installs) {
    if (Array.isArray(i.net)) pools.push(...i.net);
    else if (i.net === "unset" && !ix.has(...T.calicoIpPools))
      pools.push({ res: i.res, entry: { key: `${i.at} (unset: the operator's default pool)`, value: CALICO_OPERATOR_DEFAULT_POOL } });
  }
  return pools;
}

/** A Cilium chart's cluster-pool CIDRs and per-node mask; undefined when not cluster-pool or not known. */
export function ciliumPools(h: { res: Plain; values: any; valuesUnknown: boolean }): { pools: Pool[]; mask: Keyed<number> } | undefined {
  if (h.valuesUnknown) return undefined;
  const ipam = h.values.ipam;
  if (isUnknown(ipam) || isUnknown(ipam?.mode) || isUnknown(ipam?.operator)) return undefined;
  if ((ipam?.mode ?? "cluster-pool") !== "cluster-pool") return undefined;
  const list = ipam?.operator?.clusterPoolIPv4PodCIDRList;
  const key = "values.ipam.operator.clusterPoolIPv4PodCIDRList";
  if (isUnknown(list) || (Array.isArray(list) && list.some(isUnknown))) return undefined;
  // The list may be a YAML list or a comma/space separated string.
  const given =
    list === undefined || list === null
      ? [{ v: CILIUM_DEFAULT_POOL, k: `${key} (unset: chart default)` }]
      : (typeof list === "string" ? list.split(/[\s,]+/).filter(Boolean) : known<string>(list).map((x) => String(x.value))).map((v, i) => ({
          v,
          k: `${key}[${i}]`,
        }));
  const mask = num(ipam?.operator?.clusterPoolIPv4MaskSize);
  if (isUnknown(mask))
    return { pools: given.map(({ v, k }) => ({ res: h.res, entry: { key: k, value: v } })), mask: { key: "", value: NaN } };
  return {
    pools: given.map(({ v, k }) => ({ res: h.res, entry: { key: k, value: v } })),
    mask: { key: "values.ipam.operator.clusterPoolIPv4MaskSize", value: typeof mask === "number" ? mask : CILIUM_DEFAULT_MASK },
  };
}
