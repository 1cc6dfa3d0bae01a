/**
 * Values of the tigera-operator chart: the chart's `installation:` becomes the operator's
 * `Installation` spec (checked against operator.tigera.io_installations_crd.yaml).
 *
 * One IP pool per hybrid node, selected by the node's pool label (`zone == "node-01"`), so a
 * node's pod block is known before it joins: that is what lets the on-prem router carry one
 * static route per node. Pools use VXLAN: the default IPIP needs BGP, which static mode turns off.
 */
import { NetworkPlan, PlannedNode } from "../../plan";
import { controlPlaneReplicas, HYBRID_NODE_LABEL } from "./k8s-object";

/** Calico selector expression matching one node's pool label. */
export function poolSelector(labelKey: string, node: PlannedNode): string {
  return `${labelKey} == "${node.labels[labelKey]}"`;
}

/** The pool of one node, as an `Installation.spec.calicoNetwork.ipPools` entry. */
export function calicoNodePool(plan: NetworkPlan, node: PlannedNode): Record<string, unknown> {
  return {
    name: `${node.name}-pool`,
    cidr: node.podCidr,
    blockSize: plan.cni.podBlockPrefix,
    encapsulation: "VXLAN",
    // Installation's natOutgoing is the string Enabled/Disabled (an IPPool's is a boolean).
    natOutgoing: "Enabled",
    nodeSelector: poolSelector(plan.cni.poolSelectorLabel, node),
  };
}

const onHybridNodes = () => ({ spec: { template: { spec: { nodeSelector: { [HYBRID_NODE_LABEL.key]: HYBRID_NODE_LABEL.value } } } } });

/** tigera-operator chart values for the plan (static or BGP routing). */
export function renderCalicoValues(plan: NetworkPlan): Record<string, unknown> {
  if (plan.cni.kind !== "calico") throw new Error(`renderCalicoValues: cni.kind is ${plan.cni.kind}, not calico`);
  return {
    installation: {
      enabled: true,
      cni: { type: "Calico", ipam: { type: "Calico" } },
      calicoNetwork: {
        bgp: plan.cni.routing === "bgp" ? "Enabled" : "Disabled",
        ipPools: plan.nodes.map((n) => calicoNodePool(plan, n)),
        // Hybrid nodes often have several interfaces: take the address in the node network.
        nodeAddressAutodetectionV4: { cidrs: [...plan.remote.nodeCidrs] },
      },
      controlPlaneReplicas: controlPlaneReplicas(plan.nodes.length),
      controlPlaneNodeSelector: { [HYBRID_NODE_LABEL.key]: HYBRID_NODE_LABEL.value },
      calicoNodeDaemonSet: onHybridNodes(),
      csiNodeDriverDaemonSet: onHybridNodes(),
      calicoKubeControllersDeployment: onHybridNodes(),
      typhaDeployment: onHybridNodes(),
    },
  };
}
