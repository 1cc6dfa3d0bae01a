/**
 * Values of the tigera-operator chart: the chart's `installation:` becomes the operator's
 * `Installation` spec (checked against operator.tigera.io_installations_crd.yaml).
 *
 * One IP pool per hybrid node, selected by the node's pool label (`zone == "node-01"`), so a
 * node's pod block is known before it joins: that is what lets the on-prem router carry one
 * static route per node. Pools use VXLAN: the default IPIP needs BGP, which static mode turns off.
 *
 * Every Calico component is pinned to hybrid nodes, as AWS's Calico values do
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html): in a mixed cluster
 * (`podRouting: none`, cloud nodes) the cloud nodes run the Amazon VPC CNI, and Calico is not
 * supported there.
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

/**
 * Whether the Calico API server runs. It is an aggregated API (`v3.projectcalico.org`) that the
 * control plane calls on a pod IP of a hybrid node, and it serves the `projectcalico.org/v3`
 * objects (the BGP configuration of `calico-bgp.ts`). With `podRouting: none` no pod IP is
 * reachable from the control plane and no v3 object is rendered (no BGP), so it is turned off
 * (`apiServer.enabled`, tigera-operator values.yaml; the chart then renders no `APIServer` CR,
 * projectcalico/calico charts/tigera-operator/templates/crs/custom-resources.yaml) rather than left
 * Unavailable — an unavailable aggregated API leaves API discovery incomplete for every client and
 * keeps deleted namespaces Terminating (the namespace controller cannot list its resources).
 */
export function calicoApiServerEnabled(plan: NetworkPlan): boolean {
  return plan.cni.kind === "calico" && plan.cni.routing !== "none";
}

/** tigera-operator chart values for the plan (static, BGP or no pod routing). */
export function renderCalicoValues(plan: NetworkPlan): Record<string, unknown> {
  if (plan.cni.kind !== "calico") throw new Error(`renderCalicoValues: cni.kind is ${plan.cni.kind}, not calico`);
  return {
    // Written only when off, so the chart default (on) stays visible as the default.
    ...(calicoApiServerEnabled(plan) ? {} : { apiServer: { enabled: false } }),
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
