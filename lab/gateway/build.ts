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
import { ipn, must, nsRun } from "../sys";
import { GatewayTopology, nodePrefixLength } from "./topology";

const VXLAN = { vni: "2", port: "8472" };
const FABRIC_GW = "169.254.1.1";
const TGW = { vpc: "169.254.100.1", onprem: "169.254.100.2" };
const POD_GW = "169.254.2.1";
/** Routing table for pod traffic on the hybrid nodes (Cilium's VTEP path). */
export const POD_TABLE = "100";

function sysctls(ns: string): void {
  must("ip", [
    "netns",
    "exec",
    ns,
    "sysctl",
    "-qw",
    "net.ipv4.ip_forward=1",
    "net.ipv4.conf.all.rp_filter=0",
    "net.ipv4.conf.default.rp_filter=0",
  ]);
}

/** An ENI in the VPC fabric: /32 address, the VPC router as next hop. */
function eni(t: GatewayTopology, ns: string, ip: string, vpcSide: string): void {
  must("ip", ["link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", vpcSide, "netns", t.vpc]);
  ipn(ns, "addr", "add", `${ip}/32`, "dev", "eth0");
  ipn(ns, "link", "set", "eth0", "up");
  ipn(ns, "route", "add", FABRIC_GW, "dev", "eth0");
  ipn(ns, "route", "add", "default", "via", FABRIC_GW, "dev", "eth0");
  ipn(t.vpc, "addr", "add", `${FABRIC_GW}/32`, "dev", vpcSide);
  ipn(t.vpc, "link", "set", vpcSide, "up");
  ipn(t.vpc, "route", "add", `${ip}/32`, "dev", vpcSide);
}

/** Point the VPC route table and every node's VTEP at gateway `i` (what a new leader does). */
export function activateGateway(t: GatewayTopology, i: number): void {
  const gw = t.gateways[i];
  for (const pod of t.inputs.podCidrs) ipn(t.vpc, "route", "replace", pod, "via", gw.ip);
  for (const n of t.nodes) {
    ipn(n.ns, "neigh", "replace", gw.ip, "lladdr", gw.mac, "dev", "cilium_vxlan", "nud", "permanent");
    must("bridge", ["-n", n.ns, "fdb", "replace", gw.mac, "dev", "cilium_vxlan", "dst", gw.ip, "self", "permanent"]);
    ipn(n.ns, "route", "replace", t.inputs.vpcCidr, "via", gw.ip, "dev", "cilium_vxlan", "onlink", "table", POD_TABLE);
  }
}

/** Create every namespace, link and route; the first gateway is active. */
export function buildGatewayLab(t: GatewayTopology): void {
  const all = [t.cp.ns, t.vpc, t.onprem, ...t.gateways.map((g) => g.ns), ...t.nodes.flatMap((n) => [n.ns, n.pod.ns])];
  for (const ns of all) {
    must("ip", ["netns", "add", ns]);
    ipn(ns, "link", "set", "lo", "up");
    sysctls(ns);
  }
  eni(t, t.cp.ns, t.cp.ip, "v-cp");
  t.gateways.forEach((g, i) => eni(t, g.ns, g.ip, `v-gw${i + 1}`));

  // Transit Gateway + VPN, collapsed into one link: VPC router ↔ on-prem router.
  must("ip", ["link", "add", "tgw", "netns", t.vpc, "type", "veth", "peer", "name", "vpn", "netns", t.onprem]);
  ipn(t.vpc, "addr", "add", `${TGW.vpc}/30`, "dev", "tgw");
  ipn(t.onprem, "addr", "add", `${TGW.onprem}/30`, "dev", "vpn");
  ipn(t.vpc, "link", "set", "tgw", "up");
  ipn(t.onprem, "link", "set", "vpn", "up");
  ipn(t.vpc, "route", "add", t.inputs.nodeCidr, "via", TGW.onprem);
  ipn(t.onprem, "route", "add", t.inputs.vpcCidr, "via", TGW.vpc);

  // The node LAN behind the on-prem router.
  ipn(t.onprem, "link", "add", "br0", "type", "bridge");
  ipn(t.onprem, "addr", "add", `${t.inputs.routerAddress}/${nodePrefixLength(t)}`, "dev", "br0");
  ipn(t.onprem, "link", "set", "br0", "up");

  for (const g of t.gateways) {
    ipn(g.ns, "link", "add", "hybrid_vxlan0", "type", "vxlan", "id", VXLAN.vni, "dstport", VXLAN.port, "local", g.ip, "nolearning");
    ipn(g.ns, "link", "set", "hybrid_vxlan0", "address", g.mac);
    ipn(g.ns, "link", "set", "hybrid_vxlan0", "up");
    for (const n of t.nodes) {
      ipn(g.ns, "neigh", "replace", n.ip, "lladdr", n.vtepMac, "dev", "hybrid_vxlan0", "nud", "permanent");
      must("bridge", ["-n", g.ns, "fdb", "append", n.vtepMac, "dev", "hybrid_vxlan0", "dst", n.ip, "self", "permanent"]);
      ipn(g.ns, "route", "replace", n.podCidr, "via", n.ip, "dev", "hybrid_vxlan0", "onlink");
    }
  }

  t.nodes.forEach((n, i) => {
    must("ip", ["link", "add", "eth0", "netns", n.ns, "type", "veth", "peer", "name", `l${i}`, "netns", t.onprem]);
    ipn(t.onprem, "link", "set", `l${i}`, "master", "br0");
    ipn(t.onprem, "link", "set", `l${i}`, "up");
    ipn(n.ns, "addr", "add", `${n.ip}/${nodePrefixLength(t)}`, "dev", "eth0");
    ipn(n.ns, "link", "set", "eth0", "up");
    ipn(n.ns, "route", "add", "default", "via", t.inputs.routerAddress);
    ipn(n.ns, "link", "add", "cilium_vxlan", "type", "vxlan", "id", VXLAN.vni, "dstport", VXLAN.port, "local", n.ip, "nolearning");
    ipn(n.ns, "link", "set", "cilium_vxlan", "address", n.vtepMac);
    ipn(n.ns, "link", "set", "cilium_vxlan", "up");
    // The pod: one veth, /32 address, the node as gateway (Cilium's layout).
    must("ip", ["link", "add", "eth0", "netns", n.pod.ns, "type", "veth", "peer", "name", "lxc0", "netns", n.ns]);
    ipn(n.pod.ns, "addr", "add", `${n.pod.ip}/32`, "dev", "eth0");
    ipn(n.pod.ns, "link", "set", "eth0", "up");
    ipn(n.pod.ns, "route", "add", POD_GW, "dev", "eth0");
    ipn(n.pod.ns, "route", "add", "default", "via", POD_GW, "dev", "eth0");
    ipn(n.ns, "addr", "add", `${POD_GW}/32`, "dev", "lxc0");
    ipn(n.ns, "link", "set", "lxc0", "up");
    ipn(n.ns, "route", "add", `${n.pod.ip}/32`, "dev", "lxc0");
    ipn(n.ns, "rule", "add", "iif", "lxc0", "lookup", POD_TABLE);
  });
  activateGateway(t, 0);

  // Count (and, for the fault check, drop) VXLAN as the on-prem firewall sees it.
  for (const args of [
    ["add", "table", "inet", "ehg"],
    ["add", "chain", "inet", "ehg", "vxcount", "{ type filter hook forward priority 0; policy accept; }"],
    ["add", "rule", "inet", "ehg", "vxcount", "udp", "dport", VXLAN.port, "counter"],
  ]) {
    const r = nsRun(t.onprem, "nft", args);
    if (!r.ok) throw new Error(`nft ${args.join(" ")} in ${t.onprem}: ${r.stderr}`);
  }
}
