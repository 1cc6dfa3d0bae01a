/**
 * The AWS half of the twin as hosts and links (pure: no namespace is touched here):
 * - `eni`: the EKS control-plane ENI in the cluster's first subnet, the security groups' rules
 *   enforced on it; the private endpoint when the cluster has one;
 * - `lbn`: an internet-facing load balancer node in the first `kubernetes.io/role/elb` subnet
 *   (only when the AWS Load Balancer Controller is on);
 * - `vr`: the VPC router, one port per emulated subnet (AWS's router address, the subnet's first
 *   host), applying each subnet's route table; `tgw0` towards the Transit Gateway;
 * - `tgw`: the Transit Gateway, `vpc0` (the VPC attachment) and `t1`/`t2` (the VPN tunnels as
 *   point-to-point links to the router's `vti1`/`vti2`, inside addresses only);
 * - `isp`: the Internet beyond the router's uplink `wan0`, holding the public endpoint.
 * Values AWS decides are filled deterministically: tunnel inside CIDRs 169.254.10.0/30 and
 * 169.254.11.0/30 unless the VPN sets them, the public endpoint 198.51.100.10 (TEST-NET-2).
 */
import { formatIpv4, parseCidr } from "../components/plan";
import { AwsModel, Subnet } from "./aws-model";
import { GatewayModel, gatewayHostSubnet } from "./twin-gateway";

/** Tunnel inside addresses of one tunnel. */
export interface TwinTunnel {
  readonly router: string;
  readonly aws: string;
  readonly cidr: string;
}

/** An emulated VPC host. */
export interface TwinVpcHost {
  readonly role: "eni" | "lbn" | "gw";
  readonly ns: string;
  readonly ip: string;
  readonly subnet: Subnet;
  /** Port of the VPC router facing this host (`sN`) and its address (the subnet's first host). */
  readonly routerPort: string;
  readonly routerIp: string;
  readonly prefixLen: number;
}

export interface TwinTopology {
  readonly model: AwsModel;
  readonly vpcRouter: { readonly ns: string };
  readonly tgw: { readonly ns: string; readonly asn: number };
  /** vr `tgw0` ↔ tgw `vpc0`. */
  readonly transit: { readonly vr: string; readonly tgw: string };
  readonly hosts: readonly TwinVpcHost[];
  readonly tunnels: readonly [TwinTunnel, TwinTunnel];
  readonly isp: { readonly ns: string; readonly ip: string; readonly routerWan: string; readonly publicEndpoint: string };
  /** `cni.podRouting: gateway`: the gateway as registered and its active node (`gw` host). */
  readonly gateway?: { readonly model: GatewayModel; readonly host: TwinVpcHost };
  /** Where nodes and pods send API traffic: the ENI (private) or the public endpoint. */
  readonly endpoint: { readonly ip: string; readonly kind: "private" | "public" };
}

const DEFAULT_INSIDE = ["169.254.10.0/30", "169.254.11.0/30"];
const TRANSIT = { vr: "169.254.252.1", tgw: "169.254.252.2" };
const PUBLIC_ENDPOINT = "198.51.100.10";
const ISP = "192.0.2.1";

function cidrOf(text: string) {
  const c = parseCidr(text);
  if (!c.ok) throw new Error(`${text}: ${c.reason}`);
  return c.value;
}

/** Tunnel inside addresses: AWS takes the first host of the /30, the customer gateway the second. */
function tunnel(cidr: string): TwinTunnel {
  const c = cidrOf(cidr);
  return { aws: formatIpv4(c.first + 1), router: formatIpv4(c.first + 2), cidr };
}

/** The AWS half's hosts; `prefix` is the run's namespace prefix; `lbController` from the cluster side. */
export function buildTwin(model: AwsModel, prefix: string, lbController: boolean, gateway?: GatewayModel): TwinTopology {
  const clusterSubnet = model.subnets.find((s) => s.id === model.cluster.subnetIds[0]);
  if (!clusterSubnet)
    throw new Error(`cluster ${model.cluster.resource}: its first subnet ${model.cluster.subnetIds[0]} is not registered`);
  const hosts: TwinVpcHost[] = [];
  const add = (role: TwinVpcHost["role"], subnet: Subnet) => {
    const c = cidrOf(subnet.cidr);
    hosts.push({
      role,
      ns: `${prefix}${role}`,
      ip: formatIpv4(c.first + (role === "gw" ? 11 : 10)),
      subnet,
      routerPort: `s${hosts.length}`,
      routerIp: formatIpv4(c.first + 1),
      prefixLen: c.prefix,
    });
  };
  add("eni", clusterSubnet);
  const publicSubnet = model.subnets.find((s) => s.publicElb);
  if (lbController && publicSubnet) add("lbn", publicSubnet);
  if (gateway)
    add(
      "gw",
      gatewayHostSubnet(
        gateway,
        model.subnets,
        hosts.map((h) => h.subnet.id),
      ),
    );
  const eni = hosts[0];
  const gwHost = hosts.find((h) => h.role === "gw");
  const inside = [0, 1].map((i) => model.vpn.insideCidrs[i] ?? DEFAULT_INSIDE[i]);
  return {
    model,
    vpcRouter: { ns: `${prefix}vr` },
    tgw: { ns: `${prefix}tgw`, asn: model.tgw.asn },
    transit: TRANSIT,
    hosts,
    tunnels: [tunnel(inside[0]), tunnel(inside[1])],
    isp: { ns: `${prefix}isp`, ip: ISP, routerWan: model.vpn.customerGatewayIp, publicEndpoint: PUBLIC_ENDPOINT },
    ...(gateway && gwHost ? { gateway: { model: gateway, host: gwHost } } : {}),
    endpoint: model.cluster.endpointPrivate ? { ip: eni.ip, kind: "private" } : { ip: PUBLIC_ENDPOINT, kind: "public" },
  };
}

/** Namespaces of the AWS half and the Internet. */
export function twinNamespaces(t: TwinTopology): string[] {
  return [t.vpcRouter.ns, t.tgw.ns, t.isp.ns, ...t.hosts.map((h) => h.ns)];
}

/**
 * The rendered router config with the values only AWS knows filled in (the tunnels' AWS inside
 * addresses and ASN); everything else byte for byte.
 */
export function fillAwsValues(frrConf: string, t: TwinTopology): string {
  return frrConf
    .replace(/<vpn\.tunnel([12])\.vgwInsideIp>/g, (_, n) => t.tunnels[Number(n) - 1].aws)
    .replace(/<vpn\.tunnel([12])\.cgwInsideIp>/g, (_, n) => t.tunnels[Number(n) - 1].router)
    .replace(/<vpn\.tunnel[12]\.bgpAsn>/g, String(t.tgw.asn));
}
