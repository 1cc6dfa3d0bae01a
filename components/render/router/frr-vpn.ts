/**
 * The VPN side of `router/frr.conf`, the same routing as the VyOS IPsec section
 * (`../onprem/vyos-ipsec.ts`): static routes to the VPC over the two tunnel interfaces (`vti1`,
 * `vti2` as backup), or BGP with the AWS end of each tunnel announcing only the remote node and
 * pod CIDRs (prefix list and route map `AWS-OUT`). IPsec itself is not FRR's: the tunnel
 * interfaces `vti1`/`vti2` with the customer-side inside addresses come from the IPsec stack
 * (strongSwan/libreswan with XFRM/VTI interfaces of those names).
 */
import { BGP_TIMERS, NetworkPlan } from "../../plan";
import { TunnelValues } from "../onprem/vyos-ipsec";

/** FRR lines of the VPN: outside `router bgp`, and inside it (global and address family). */
export interface FrrVpnLines {
  /** Static routes, prefix lists, route maps. */
  readonly top: readonly string[];
  /** `router bgp` global neighbor lines (one leading space). */
  readonly bgpGlobal: readonly string[];
  /** `address-family ipv4 unicast` lines (two leading spaces). */
  readonly bgpAf: readonly string[];
}

/** Name of the prefix list and route map of what the router announces to AWS. */
export const AWS_OUT = "AWS-OUT";

/** Tunnel interface names, shared with the VyOS config (`set interfaces vti vtiN`). */
export const TUNNEL_INTERFACES = ["vti1", "vti2"] as const;

/** Administrative distance of the backup tunnel's static route (the VyOS config's `distance '10'`). */
export const BACKUP_TUNNEL_DISTANCE = 10;

/** The VPN side for FRR. */
export function frrVpnLines(plan: NetworkPlan, v: TunnelValues): FrrVpnLines {
  if (plan.vpn.routing !== "bgp") {
    return {
      top: plan.vpcCidrs.flatMap((c) => [
        `ip route ${c} ${TUNNEL_INTERFACES[0]}`,
        `ip route ${c} ${TUNNEL_INTERFACES[1]} ${BACKUP_TUNNEL_DISTANCE}`,
      ]),
      bgpGlobal: [],
      bgpAf: [],
    };
  }
  const remote = [...plan.remote.nodeCidrs, ...plan.remote.podCidrs];
  const top = [
    // Keeps each pod CIDR in the RIB for its `network` statement; the nodes' blocks are more specific.
    ...plan.remote.podCidrs.map((c) => `ip route ${c} blackhole 254`),
    ...remote.map((c, i) => `ip prefix-list ${AWS_OUT} seq ${(i + 1) * 10} permit ${c}`),
    `route-map ${AWS_OUT} permit 10`,
    ` match ip address prefix-list ${AWS_OUT}`,
    "exit",
  ];
  const bgpGlobal: string[] = [];
  const bgpAf: string[] = remote.map((c) => `  network ${c}`);
  v.tunnels.forEach((t, i) => {
    const nb = ` neighbor ${t.vgwInsideIp}`;
    bgpGlobal.push(`${nb} remote-as ${t.awsAsn}`);
    if (plan.vpn.customerGatewayAsn !== plan.router.asn)
      bgpGlobal.push(`${nb} local-as ${plan.vpn.customerGatewayAsn} no-prepend replace-as`);
    bgpGlobal.push(`${nb} description AWS VPN tunnel ${i + 1}`, `${nb} timers ${BGP_TIMERS.keepaliveSeconds} ${BGP_TIMERS.holdSeconds}`);
    bgpAf.push(` ${nb} route-map ${AWS_OUT} out`, ` ${nb} soft-reconfiguration inbound`);
  });
  return { top, bgpGlobal, bgpAf };
}
