/**
 * PLACEHOLDER (issue 4): the VyOS IPsec section is written by another helper; this file only
 * fixes the signature so the router renderer compiles. The lead merges the real module over it.
 */
import { NetworkPlan } from "../../plan";

/** Per-tunnel values the IPsec section needs; secrets are placeholders in rendered files. */
export interface TunnelValues {
  /** Pre-shared keys of tunnel 1 and 2 (placeholders like `<vpn.tunnel1.presharedKey>`). */
  presharedKeys: [string, string];
}

/** VyOS `set` commands for the Site-to-Site VPN tunnels. */
export function vyosIpsecCommands(_plan: NetworkPlan, _v: TunnelValues): string[] {
  return [];
}
