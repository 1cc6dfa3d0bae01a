/**
 * Builds the gateway lab's namespaces from a {@link GatewayTopology}, the way the EKS Hybrid
 * Nodes gateway and Cilium program them (github.com/aws/eks-hybrid-nodes-gateway internal/vxlan):
 * - gateway: `hybrid_vxlan0` (VNI 2, dstport 8472, no learning, its own MAC); per hybrid node a
 *   route for the node's pod block via the node IP (onlink), a permanent ARP entry and an FDB
 *   entry with the node's MAC `02:00:<node IPv4>`;
 * - hybrid node: a VXLAN device with the same VNI/port and MAC `02:00:<node IPv4>` (what the
 *   gateway expects of Cilium); pod traffic to the VPC CIDR goes to the active gateway (the
 *   CiliumVTEPConfig the leader writes) — by policy routing from the pod's veth, as Cilium's BPF
 *   only steers pod traffic;
 * - VPC route table: the pod CIDRs → the active gateway's ENI (what the leader programs).
 */
import { NetScript } from "../net-script";
import { batch } from "../ip-run";
import { applyNft } from "../sys";
import { GatewayTopology, nodePrefixLength } from "./topology";

const VXLAN = { vni: "2", port: "8472" };
const FABRIC_GW = "169.254.1.1";
const TGW = { vpc: "169.254.100.1", onprem: "169.254.100.2" };
const POD_GW = "169.254.2.1";
/** Routing table for pod traffic on the hybrid nodes (Cilium's VTEP path). */
export const POD_TABLE = "100";

/** An ENI in the VPC fabric: /32 address, the VPC router as next hop. */
function eni(s: NetScript, t: GatewayTopology, ns: string, ip: string, vpcSide: string): void {
  s.link(ns, "link", "add", "eth0", "type", "veth", "peer", "name", vpcSide, "netns", t.vpc);
  s.ip(ns, "addr", "add", `${ip}/32`, "dev", "eth0");
  s.ip(ns, "link", "set", "eth0", "up");
  s.ip(ns, "route", "add", FABRIC_GW, "dev", "eth0");
  s.ip(ns, "route", "add", "default", "via", FABRIC_GW, "dev", "eth0");
  s.ip(t.vpc, "addr", "add", `${FABRIC_GW}/32`, "dev", vpcSide);
  s.ip(t.vpc, "link", "set", vpcSide, "up");
  s.ip(t.vpc, "route", "add", `${ip}/32`, "dev", vpcSide);
}

/** The VPC route table and every node's VTEP pointed at gateway `i` (what a new leader does), into `s`. */
function activationScript(s: NetScript, t: GatewayTopology, i: number): void {
  const gw = t.gateways[i];
  for (const pod of t.inputs.podCidrs) s.ip(t.vpc, "route", "replace", pod, "via", gw.ip);
  for (const n of t.nodes) {
    s.ip(n.ns, "neigh", "replace", gw.ip, "lladdr", gw.mac, "dev", "cilium_vxlan", "nud", "permanent");
    s.bridge(n.ns, "fdb", "replace", gw.mac, "dev", "cilium_vxlan", "dst", gw.ip, "self", "permanent");
    s.ip(n.ns, "route", "replace", t.inputs.vpcCidr, "via", gw.ip, "dev", "cilium_vxlan", "onlink", "table", POD_TABLE);
  }
}

/** Point the VPC route table and every node's VTEP at gateway `i` (what a new leader does). */
export function activateGateway(t: GatewayTopology, i: number): void {
  const s = new NetScript();
  activationScript(s, t, i);
  s.run();
}

/** Create every namespace, link and route; the first gateway is active. */
export function buildGatewayLab(t: GatewayTopology): void {
  const s = new NetScript();
  const all = [t.cp.ns, t.vpc, t.onprem, ...t.gateways.map((g) => g.ns), ...t.nodes.flatMap((n) => [n.ns, n.pod.ns])];
  batch(
    "ip",
    undefined,
    all.map((ns) => ["netns", "add", ns]),
  );
  for (const ns of all) {
    s.ip(ns, "link", "set", "lo", "up");
    s.set(ns, "net.ipv4.ip_forward", 1).set(ns, "net.ipv4.conf.all.rp_filter", 0).set(ns, "net.ipv4.conf.default.rp_filter", 0);
  }
  eni(s, t, t.cp.ns, t.cp.ip, "v-cp");
  t.gateways.forEach((g, i) => eni(s, t, g.ns, g.ip, `v-gw${i + 1}`));

  // Transit Gateway + VPN, collapsed into one link: VPC router ↔ on-prem router.
  s.link(t.vpc, "link", "add", "tgw", "type", "veth", "peer", "name", "vpn", "netns", t.onprem);
  s.ip(t.vpc, "addr", "add", `${TGW.vpc}/30`, "dev", "tgw");
  s.ip(t.onprem, "addr", "add", `${TGW.onprem}/30`, "dev", "vpn");
  s.ip(t.vpc, "link", "set", "tgw", "up");
  s.ip(t.onprem, "link", "set", "vpn", "up");
  s.ip(t.vpc, "route", "add", t.inputs.nodeCidr, "via", TGW.onprem);
  s.ip(t.onprem, "route", "add", t.inputs.vpcCidr, "via", TGW.vpc);

  // The node LAN behind the on-prem router.
  s.link(t.onprem, "link", "add", "br0", "type", "bridge");
  s.ip(t.onprem, "addr", "add", `${t.inputs.routerAddress}/${nodePrefixLength(t)}`, "dev", "br0");
  s.ip(t.onprem, "link", "set", "br0", "up");

  for (const g of t.gateways) {
    s.link(g.ns, "link", "add", "hybrid_vxlan0", "type", "vxlan", "id", VXLAN.vni, "dstport", VXLAN.port, "local", g.ip, "nolearning");
    s.ip(g.ns, "link", "set", "hybrid_vxlan0", "address", g.mac);
    s.ip(g.ns, "link", "set", "hybrid_vxlan0", "up");
    for (const n of t.nodes) {
      s.ip(g.ns, "neigh", "replace", n.ip, "lladdr", n.vtepMac, "dev", "hybrid_vxlan0", "nud", "permanent");
      s.bridge(g.ns, "fdb", "append", n.vtepMac, "dev", "hybrid_vxlan0", "dst", n.ip, "self", "permanent");
      s.ip(g.ns, "route", "replace", n.podCidr, "via", n.ip, "dev", "hybrid_vxlan0", "onlink");
    }
  }

  t.nodes.forEach((n, i) => {
    s.link(n.ns, "link", "add", "eth0", "type", "veth", "peer", "name", `l${i}`, "netns", t.onprem);
    s.ip(t.onprem, "link", "set", `l${i}`, "master", "br0");
    s.ip(t.onprem, "link", "set", `l${i}`, "up");
    s.ip(n.ns, "addr", "add", `${n.ip}/${nodePrefixLength(t)}`, "dev", "eth0");
    s.ip(n.ns, "link", "set", "eth0", "up");
    s.ip(n.ns, "route", "add", "default", "via", t.inputs.routerAddress);
    s.link(n.ns, "link", "add", "cilium_vxlan", "type", "vxlan", "id", VXLAN.vni, "dstport", VXLAN.port, "local", n.ip, "nolearning");
    s.ip(n.ns, "link", "set", "cilium_vxlan", "address", n.vtepMac);
    s.ip(n.ns, "link", "set", "cilium_vxlan", "up");
    // The pod: one veth, /32 address, the node as gateway (Cilium's layout).
    s.link(n.pod.ns, "link", "add", "eth0", "type", "veth", "peer", "name", "lxc0", "netns", n.ns);
    s.ip(n.pod.ns, "addr", "add", `${n.pod.ip}/32`, "dev", "eth0");
    s.ip(n.pod.ns, "link", "set", "eth0", "up");
    s.ip(n.pod.ns, "route", "add", POD_GW, "dev", "eth0");
    s.ip(n.pod.ns, "route", "add", "default", "via", POD_GW, "dev", "eth0");
    s.ip(n.ns, "addr", "add", `${POD_GW}/32`, "dev", "lxc0");
    s.ip(n.ns, "link", "set", "lxc0", "up");
    s.ip(n.ns, "route", "add", `${n.pod.ip}/32`, "dev", "lxc0");
    s.ip(n.ns, "rule", "add", "iif", "lxc0", "lookup", POD_TABLE);
  });
  activationScript(s, t, 0);
  s.run();

  // Count (and, for the fault check, drop) VXLAN as the on-prem firewall sees it.
  applyNft(t.onprem, [
    "add table inet ehg",
    "add chain inet ehg vxcount { type filter hook forward priority 0; policy accept; }",
    `add rule inet ehg vxcount udp dport ${VXLAN.port} counter`,
  ]);
}
