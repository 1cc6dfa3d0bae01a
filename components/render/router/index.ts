/** Pure on-prem router renderers: VyOS and FRR. */
export * from "./routing";
export * from "./vyos";
export * from "./frr";
export * from "./frr-vpn";
export * from "./redistribute";
