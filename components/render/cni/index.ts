/** Pure CNI renderers: Helm values, BGP objects, the CRD readiness wait. */
export * from "./k8s-object";
export * from "./calico-values";
export * from "./calico-bgp";
export * from "./cilium-values";
export * from "./cilium-bgp";
export * from "./crd-wait";
export * from "./release";
export * from "./calico-crds";
