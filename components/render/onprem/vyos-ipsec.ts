/**
 * VyOS 1.4+ `set` commands for the on-prem end of the two AWS Site-to-Site VPN tunnels: one IKE
 * and one ESP group matching the proposal the VPN connection is created with, a VTI and a peer
 * per tunnel, and either static routes to the VPC over the VTIs or BGP with the tunnels' AWS
 * peers. Pure: values only AWS knows come in as {@link TunnelValues}, placeholders by default.
 */
import { formatIpv4, parseCidr } from "../../plan/cidr";
import { BGP_TIMERS, NetworkPlan } from "../../plan";

/** What one tunnel needs on the on-prem side. */
export interface TunnelValue {
  /** AWS outside (public) IP of the tunnel. */
  readonly outsideIp: string;
  /** Customer-side inside IP (the VTI address), without prefix. */
  readonly cgwInsideIp: string;
  /** AWS-side inside IP (the BGP peer), without prefix. */
  readonly vgwInsideIp: string;
  /** Pre-shared key (a placeholder or `[secret]` in files). */
  readonly presharedKey: string;
  /** AWS-side BGP ASN. */
  readonly awsAsn: string;
}

/** The two tunnels of the VPN connection. */
export interface TunnelValues {
  readonly tunnels: readonly [TunnelValue, TunnelValue];
}

/**
 * The IPsec proposal both ends use. HybridNetwork pins the VPN connection's tunnel options to it
 * so that the rendered router config and AWS always agree.
 */
export const IPSEC_PROPOSAL = {
  ikeVersion: "ikev2",
  encryption: "aes256",
  integrity: "sha256",
  dhGroup: 14,
  phase1LifetimeSeconds: 28800,
  phase2LifetimeSeconds: 3600,
  /** The same proposal as AWS spells it on the VPN connection. */
  aws: { ikeVersions: ["ikev2"], encryption: ["AES256"], integrity: ["SHA2-256"], dhGroups: [14] },
} as const;

/** Inside addresses of a tunnel's /30: AWS takes the first host, the customer gateway the second. */
export function tunnelInsideIps(insideCidr: string): { cgw: string; vgw: string } {
  const c = parseCidr(insideCidr);
  if (!c.ok) throw new Error(`tunnel inside CIDR ${insideCidr}: ${c.reason}`);
  return { vgw: formatIpv4(c.value.first + 1), cgw: formatIpv4(c.value.first + 2) };
}

/** Placeholders for every value AWS decides; inside IPs are real when configured. */
export function placeholderTunnelValues(plan: NetworkPlan): TunnelValues {
  const asn = plan.vpn.transitGateway.mode === "create" ? String(plan.vpn.transitGateway.amazonSideAsn) : undefined;
  const one = (n: 1 | 2): TunnelValue => {
    const inside = plan.vpn.tunnelInsideCidrs[n - 1];
    const ips = inside ? tunnelInsideIps(inside) : undefined;
    return {
      outsideIp: `<vpn.tunnel${n}.outsideIp>`,
      cgwInsideIp: ips?.cgw ?? `<vpn.tunnel${n}.cgwInsideIp>`,
      vgwInsideIp: ips?.vgw ?? `<vpn.tunnel${n}.vgwInsideIp>`,
      presharedKey: `<vpn.tunnel${n}.presharedKey>`,
      awsAsn: asn ?? `<vpn.tunnel${n}.bgpAsn>`,
    };
  };
  return { tunnels: [one(1), one(2)] };
}

/** The router's BGP AS as a VyOS command; `router/vyos.conf` emits it once for all its BGP sessions. */
export function vyosBgpSystemAs(asn: number): string {
  return `set protocols bgp system-as '${asn}'`;
}

const GROUP = "AWS";
/** VTI MTU and MSS for IPsec over the Internet, as the AWS generic device config uses. */
const VTI_MTU = 1436;
const VTI_MSS = 1379;

/** VyOS 1.4+ commands for both tunnels (and BGP over them when `plan.vpn.routing` is `bgp`). */
export function vyosIpsecCommands(plan: NetworkPlan, v: TunnelValues): string[] {
  const p = IPSEC_PROPOSAL;
  const q = (s: string | number) => `'${s}'`;
  const out: string[] = [
    `set vpn ipsec ike-group ${GROUP} key-exchange ${q(p.ikeVersion)}`,
    `set vpn ipsec ike-group ${GROUP} lifetime ${q(p.phase1LifetimeSeconds)}`,
    `set vpn ipsec ike-group ${GROUP} dead-peer-detection action 'restart'`,
    `set vpn ipsec ike-group ${GROUP} dead-peer-detection interval '10'`,
    `set vpn ipsec ike-group ${GROUP} dead-peer-detection timeout '30'`,
    `set vpn ipsec ike-group ${GROUP} proposal 1 dh-group ${q(p.dhGroup)}`,
    `set vpn ipsec ike-group ${GROUP} proposal 1 encryption ${q(p.encryption)}`,
    `set vpn ipsec ike-group ${GROUP} proposal 1 hash ${q(p.integrity)}`,
    `set vpn ipsec esp-group ${GROUP} lifetime ${q(p.phase2LifetimeSeconds)}`,
    `set vpn ipsec esp-group ${GROUP} mode 'tunnel'`,
    `set vpn ipsec esp-group ${GROUP} pfs ${q(`dh-group${p.dhGroup}`)}`,
    `set vpn ipsec esp-group ${GROUP} proposal 1 encryption ${q(p.encryption)}`,
    `set vpn ipsec esp-group ${GROUP} proposal 1 hash ${q(p.integrity)}`,
    // Routes over the VTIs come from this config (static or BGP), not from the IPsec daemon.
    `set vpn ipsec options disable-route-autoinstall`,
  ];
  v.tunnels.forEach((t, i) => {
    const n = i + 1;
    const peer = `AWS-TUNNEL${n}`;
    const vti = `vti${n}`;
    out.push(
      `set interfaces vti ${vti} address ${q(`${t.cgwInsideIp}/30`)}`,
      `set interfaces vti ${vti} description ${q(`AWS VPN tunnel ${n}`)}`,
      `set interfaces vti ${vti} mtu ${q(VTI_MTU)}`,
      `set interfaces vti ${vti} ip adjust-mss ${q(VTI_MSS)}`,
      `set vpn ipsec authentication psk ${peer} id ${q(plan.vpn.customerGatewayIp)}`,
      `set vpn ipsec authentication psk ${peer} id ${q(t.outsideIp)}`,
      `set vpn ipsec authentication psk ${peer} secret ${q(t.presharedKey)}`,
      `set vpn ipsec site-to-site peer ${peer} authentication local-id ${q(plan.vpn.customerGatewayIp)}`,
      `set vpn ipsec site-to-site peer ${peer} authentication mode 'pre-shared-secret'`,
      `set vpn ipsec site-to-site peer ${peer} authentication remote-id ${q(t.outsideIp)}`,
      `set vpn ipsec site-to-site peer ${peer} connection-type 'initiate'`,
      `set vpn ipsec site-to-site peer ${peer} ike-group '${GROUP}'`,
      `set vpn ipsec site-to-site peer ${peer} local-address 'any'`,
      `set vpn ipsec site-to-site peer ${peer} remote-address ${q(t.outsideIp)}`,
      `set vpn ipsec site-to-site peer ${peer} vti bind ${q(vti)}`,
      `set vpn ipsec site-to-site peer ${peer} vti esp-group '${GROUP}'`,
    );
  });
  out.push(...(plan.vpn.routing === "bgp" ? bgpOverTunnels(plan, v) : staticOverTunnels(plan)));
  return out;
}

/** Static: the VPC CIDRs over tunnel 1, tunnel 2 as backup. */
function staticOverTunnels(plan: NetworkPlan): string[] {
  return plan.vpcCidrs.flatMap((c) => [
    `set protocols static route ${c} interface vti1`,
    `set protocols static route ${c} interface vti2 distance '10'`,
  ]);
}

/**
 * BGP with the AWS end of each tunnel. The router's own AS (`router.asn`) serves the cluster's
 * iBGP; towards AWS it speaks as the customer gateway's AS when that differs (`local-as`).
 * Only the remote node and pod CIDRs are announced; a distance-254 blackhole keeps each pod CIDR
 * in the RIB for the `network` statement while the nodes' more specific routes carry traffic.
 */
function bgpOverTunnels(plan: NetworkPlan, v: TunnelValues): string[] {
  const remote = [...plan.remote.nodeCidrs, ...plan.remote.podCidrs];
  const out: string[] = [vyosBgpSystemAs(plan.router.asn)];
  for (const c of plan.remote.podCidrs) out.push(`set protocols static route ${c} blackhole distance '254'`);
  remote.forEach((c, i) => {
    out.push(
      `set policy prefix-list AWS-OUT rule ${(i + 1) * 10} action 'permit'`,
      `set policy prefix-list AWS-OUT rule ${(i + 1) * 10} prefix '${c}'`,
    );
    out.push(`set protocols bgp address-family ipv4-unicast network '${c}'`);
  });
  out.push(
    `set policy route-map AWS-OUT rule 10 action 'permit'`,
    `set policy route-map AWS-OUT rule 10 match ip address prefix-list 'AWS-OUT'`,
  );
  v.tunnels.forEach((t, i) => {
    const nb = `set protocols bgp neighbor ${t.vgwInsideIp}`;
    out.push(`${nb} remote-as '${t.awsAsn}'`);
    if (plan.vpn.customerGatewayAsn !== plan.router.asn) out.push(`${nb} local-as '${plan.vpn.customerGatewayAsn}' no-prepend replace-as`);
    out.push(
      `${nb} description 'AWS VPN tunnel ${i + 1}'`,
      `${nb} timers holdtime '${BGP_TIMERS.holdSeconds}'`,
      `${nb} timers keepalive '${BGP_TIMERS.keepaliveSeconds}'`,
      `${nb} address-family ipv4-unicast route-map export 'AWS-OUT'`,
      `${nb} address-family ipv4-unicast soft-reconfiguration inbound`,
    );
  });
  return out;
}
