/** The hybrid networking rules, shared by the plan's validation and the policy pack. */
export * from "./problem";
export * from "./remote-networks";
export * from "./overlap";
export * from "./cluster-settings";
export * from "./nodes";
export * from "./node-labels";
export * from "./lb-pools";
export * from "./asn";
export * from "./cni";
export * from "./vpc";
export * from "./load-balancing";
export * from "./pod-pools";
export * from "./routes";
export * from "./security-groups";
export * from "./irsa-trust";
export * from "./chart-values";
export * from "./vpn";
