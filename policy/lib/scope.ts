/**
 * What belongs to a hybrid cluster: the `aws:eks/cluster:Cluster` with `remoteNetworkConfig`, its
 * subnets, their VPCs and its security groups, found through the references the program made
 * (property dependencies, or ids once known). Policies judge only these, so that the other
 * stacks and resources of an organisation (web apps, other VPCs, other clusters) pass untouched.
 */
import { isUnknown, known } from "./props";
import { ClusterFacts, hybridClusters, Plain, T } from "./stack";
import type { StackIndex } from "./stack-index";

/** The resource types `clusterScopes` reads. */
export const SCOPE_TYPES = [T.cluster, T.subnet, T.sg, T.vpc] as const;

/** A hybrid cluster and the network resources of the stack that belong to it. */
export interface ClusterScope {
  readonly facts: ClusterFacts;
  /** The cluster's subnets found in the stack (`vpcConfig.subnetIds`). */
  readonly subnets: readonly Plain[];
  /** VPCs of those subnets and security groups. */
  readonly vpcs: readonly Plain[];
  /** Security groups named in `vpcConfig.securityGroupIds`. */
  readonly securityGroups: readonly Plain[];
}

/** Resources of `types` that the list property `key.field` of `r` names (by dependency or known id). */
function listRefs(ix: StackIndex, r: Plain, key: string, list: unknown, types: readonly string[]): Plain[] {
  const out = new Set(ix.deps(r, key, types));
  for (const { value } of known(list)) if (!isUnknown(value)) for (const x of ix.refs(r, "", value, types)) out.add(x);
  return [...out];
}

export function clusterScopes(ix: StackIndex): ClusterScope[] {
  return hybridClusters(ix).map((facts) => {
    const vpcConfig = Array.isArray(facts.res.p.vpcConfig) ? facts.res.p.vpcConfig[0] : facts.res.p.vpcConfig;
    const subnets = listRefs(ix, facts.res, "vpcConfig", vpcConfig?.subnetIds, [T.subnet]);
    const securityGroups = listRefs(ix, facts.res, "vpcConfig", vpcConfig?.securityGroupIds, [T.sg]);
    const vpcs = new Set<Plain>();
    for (const x of [...subnets, ...securityGroups]) for (const v of ix.refs(x, "vpcId", x.p.vpcId, [T.vpc])) vpcs.add(v);
    return { facts, subnets, vpcs: [...vpcs], securityGroups };
  });
}
