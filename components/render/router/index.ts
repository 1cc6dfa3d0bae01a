/** Pure on-prem router renderers: VyOS and FRR. */
export * from "./routing";
export * from "./vyos";
export * from "./frr";
