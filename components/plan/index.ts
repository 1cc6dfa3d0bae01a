/** The pure network-plan core: config schema, CIDR math, hybrid rules and the NetworkPlan. */
export * from "./bgp-timers";
export * from "./cidr";
export * from "./config-schema";
export * from "./network-plan";
export * from "./parse-config";
export * from "./build-plan";
export * from "./pod-blocks";
export * from "./rules";
export * from "./gateway-plan";
export * from "./address-text";
export * from "./config-rules";
export * from "./versions/kubernetes";
