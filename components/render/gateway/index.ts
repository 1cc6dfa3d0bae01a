/** Pure renderers of the EKS Hybrid Nodes gateway (pod routing mode `gateway`). */
export * from "./iam";
export * from "./launch-template";
export * from "./release";
export * from "./security-group";
export * from "./mixed-cluster";
