/** The table of stack-config rules and the rule type. */
export * from "./rule";
export * from "./registry";
export { SSM_MAX_REGISTRATIONS, SSM_MAX_EXPIRY_DAYS, SSM_CREATE_ACTIVATION_SOURCE } from "./cluster";
