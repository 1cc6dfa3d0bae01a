/**
 * The gateway lab's hosts and addresses (pure). Namespaces, prefix `ehg-<stack>-<pid>_<n>-`:
 * - `cp`: an EKS control plane ENI in the first gateway subnet;
 * - `vpc`: the VPC router — one /32 route per ENI, and THE route table: pod CIDRs → the active
 *   gateway's ENI (what the gateway's leader programs), node CIDRs → the "TGW" link;
 * - `gw1`, `gw2`: gateway nodes in two subnets (AZs), each with `hybrid_vxlan0` (VNI 2, UDP 8472);
 * - `onprem`: the router at the end of the VPN, with the node LAN (a bridge);
 * - one namespace per hybrid node (its VXLAN device stands in for Cilium's VTEP) and one per pod.
 */
import { createHash } from "node:crypto";
import { cidr, formatIpv4 } from "../../components/plan/cidr";
import { gatewayVtepMac } from "../../components/plan/gateway-plan";
import { GatewayLabInputs } from "./inputs";

/** Namespace prefix of every gateway lab run of `stack`. */
export function gatewayLabPrefix(stack: string): string {
  return `ehg-${stack
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 10)}-`;
}

/** MAC the gateway gives its own `hybrid_vxlan0` (internal/vxlan/interface.go: sha256 of the IP, locally administered). */
export function gatewayOwnMac(ip: string): string {
  // net.ParseIP yields the 16-byte IPv4-in-IPv6 form.
  const bytes = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ip.split(".").map(Number)]);
  const h = createHash("sha256").update(bytes).digest();
  h[0] = (h[0] & 0xfe) | 0x02;
  return [...h.subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join(":");
}

export interface LabHost {
  readonly ns: string;
  readonly ip: string;
}

export interface GatewayTopology {
  readonly prefix: string;
  readonly cp: LabHost;
  readonly vpc: string;
  readonly onprem: string;
  readonly gateways: readonly (LabHost & { readonly name: "gw1" | "gw2"; readonly mac: string })[];
  readonly nodes: readonly (LabHost & {
    readonly name: string;
    readonly vtepMac: string;
    readonly podCidr: string;
    readonly pod: LabHost;
  })[];
  readonly inputs: GatewayLabInputs;
}

const host = (subnet: string, offset: number) => formatIpv4(cidr(subnet).first + offset);

/** Names and addresses of one run. */
export function gatewayTopology(inputs: GatewayLabInputs, runId: string): GatewayTopology {
  const prefix = `${gatewayLabPrefix(inputs.stack)}${runId}-`;
  const [subnetA, subnetB] = inputs.gatewaySubnets;
  const gwIps = [host(subnetA, 11), host(subnetB, 11)];
  return {
    prefix,
    cp: { ns: `${prefix}cp`, ip: host(subnetA, 10) },
    vpc: `${prefix}vpc`,
    onprem: `${prefix}onprem`,
    gateways: (["gw1", "gw2"] as const).map((name, i) => ({ name, ns: `${prefix}${name}`, ip: gwIps[i], mac: gatewayOwnMac(gwIps[i]) })),
    nodes: inputs.nodes.map((n, i) => ({
      name: n.name,
      ns: `${prefix}n${i}`,
      ip: n.ip,
      vtepMac: gatewayVtepMac(n.ip),
      podCidr: n.podCidr,
      pod: { ns: `${prefix}p${i}`, ip: formatIpv4(cidr(n.podCidr).first + 5) },
    })),
    inputs,
  };
}

/** Prefix length of the node network, for the LAN addresses. */
export function nodePrefixLength(t: GatewayTopology): number {
  return cidr(t.inputs.nodeCidr).prefix;
}
