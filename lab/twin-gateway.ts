/**
 * The EKS Hybrid Nodes gateway inside the twin (`cni.podRouting: gateway`), read from
 * `resources.json` alone: the gateway Helm release's values (`podCIDRs`, `routeTableIDs`) say
 * which VPC route tables get the pod-CIDR routes the gateway's leader programs (towards the active
 * gateway node's ENI); the gateway node group's subnets place the active gateway node; its launch
 * template's security groups are enforced on it (ingress as packets enter its ENI, egress as they
 * leave). The gateway node carries pod traffic through VXLAN VNI 2, UDP 8472 (`hybrid_vxlan0`, its
 * own MAC, a permanent neighbour + FDB entry per hybrid node) to Cilium's VTEP on the hybrid node
 * (`cilium_vxlan`, MAC 02:00:<node IPv4>), whose pods send VPC-bound traffic back the same way.
 * Sources: github.com/aws/eks-hybrid-nodes-gateway internal/vxlan (as `lab/gateway/build.ts`),
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-overview.html
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCidr } from "../components/plan";
import { gatewayVtepMac } from "../components/plan/gateway-plan";
import { Registration, SgRule, sgRulesOf, Subnet } from "./aws-model";
import { gatewayOwnMac } from "./gateway/topology";
import { NetScript } from "./net-script";
import { sgAcceptLines } from "./sg-nft";
import { loadNft } from "./sys";
import { LabNode } from "./types";

/** VXLAN of the gateway path (the gateway's and Cilium's VTEP settings). */
export const GATEWAY_VXLAN = { vni: "2", port: 8472 } as const;
/** Kernel table on the hybrid nodes for pod traffic into the VPC (Cilium's VTEP path). */
const POD_TABLE = "150";

/** The gateway as `resources.json` registers it. */
export interface GatewayModel {
  /** The gateway Helm release. */
  readonly release: string;
  readonly podCidrs: readonly string[];
  /** Route tables the gateway programs the pod CIDRs into. */
  readonly routeTableIds: readonly string[];
  readonly nodeGroup: string;
  readonly subnetIds: readonly string[];
  /** Rules of the gateway nodes' security groups (the launch template's). */
  readonly sgRules: readonly SgRule[];
  readonly securityGroups: readonly string[];
}

const csv = (v: unknown) => (Array.isArray(v) ? v.map(String) : String(v ?? "").split(",")).map((s) => s.trim()).filter(Boolean);

/** The gateway of `resources.json`, when it has the gateway release. */
export function gatewayModel(regs: readonly Registration[]): GatewayModel | undefined {
  const release = regs.find(
    (r) => r.type === "kubernetes:helm.sh/v3:Release" && String(r.inputs.chart ?? "").endsWith("/eks-hybrid-nodes-gateway"),
  );
  if (!release) return undefined;
  const values = release.inputs.values ?? {};
  const groups = regs.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.inputs.launchTemplate?.id);
  const templates = regs.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate");
  const group = groups.find((g) => templates.some((t) => `${t.name}-id` === g.inputs.launchTemplate.id));
  const template = group && templates.find((t) => `${t.name}-id` === group.inputs.launchTemplate.id);
  if (!group || !template)
    throw new Error(`resources.json cannot be twinned: gateway release ${release.name} but no node group with a launch template`);
  const sgIds = (template.inputs.vpcSecurityGroupIds ?? []).filter(Boolean).map(String);
  return {
    release: release.name,
    podCidrs: csv(values.podCIDRs),
    routeTableIds: csv(values.routeTableIDs),
    nodeGroup: group.name,
    subnetIds: (group.inputs.subnetIds ?? []).map(String),
    sgRules: sgRulesOf(regs, sgIds),
    securityGroups: regs
      .filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && sgIds.includes(`${r.name}-id`))
      .map((r) => r.name),
  };
}

/** The active gateway node: its subnet (one the ENI host does not use) and address (subnet + 11). */
export function gatewayHostSubnet(g: GatewayModel, subnets: readonly Subnet[], taken: readonly string[]): Subnet {
  const s = g.subnetIds.map((id) => subnets.find((x) => x.id === id)).find((x) => x && !taken.includes(x.id));
  if (!s) throw new Error(`gateway node group ${g.nodeGroup}: no subnet of ${g.subnetIds.join(", ")} is free for the twin's gateway node`);
  return s;
}

/** The gateway node's security groups on its ENI (`eth0`), stateful, default drop, with drop sets. */
export function gatewaySgRuleset(g: GatewayModel): string {
  const rules = (dir: SgRule["direction"]) => sgAcceptLines(g.sgRules, dir);
  const chain = (dir: "ingress" | "egress") => [
    `  chain ${dir} {`,
    `    type filter hook ${dir === "ingress" ? "prerouting" : "postrouting"} priority 0; policy accept;`,
    `    ${dir === "ingress" ? "iif" : "oif"} != "eth0" accept`,
    "    ct state established,related accept",
    ...rules(dir),
    `    meta l4proto { tcp, udp } add @${dir}_drops { ip saddr . ip daddr . th dport }`,
    `    counter drop comment "no ${dir} rule"`,
    "  }",
  ];
  return [
    "table ip gwsg {",
    "  set ingress_drops { type ipv4_addr . ipv4_addr . inet_service; flags dynamic; }",
    "  set egress_drops { type ipv4_addr . ipv4_addr . inet_service; flags dynamic; }",
    ...chain("ingress"),
    ...chain("egress"),
    "}",
    "",
  ].join("\n");
}

/** A VXLAN device `dev` in `ns` on the gateway's VNI and port, sending from `local`; peers are set by hand (no learning). */
function addVxlan(s: NetScript, ns: string, dev: string, local: string): void {
  s.link(
    ns,
    "link",
    "add",
    dev,
    "type",
    "vxlan",
    "id",
    GATEWAY_VXLAN.vni,
    "dstport",
    String(GATEWAY_VXLAN.port),
    "local",
    local,
    "nolearning",
  );
}

/** The gateway node's VXLAN to every hybrid node, into `s`. */
export function gatewayNodeScript(s: NetScript, ns: string, ip: string, nodes: readonly LabNode[]): void {
  s.set(ns, "net.ipv4.ip_forward", 1).set(ns, "net.ipv4.conf.all.rp_filter", 0);
  const dev = "hybrid_vxlan0";
  addVxlan(s, ns, dev, ip);
  s.ip(ns, "link", "set", dev, "address", gatewayOwnMac(ip));
  s.ip(ns, "link", "set", dev, "up");
  for (const n of nodes) {
    s.ip(ns, "neigh", "replace", n.ip, "lladdr", gatewayVtepMac(n.ip), "dev", dev, "nud", "permanent");
    s.bridge(ns, "fdb", "append", gatewayVtepMac(n.ip), "dev", dev, "dst", n.ip, "self", "permanent");
    for (const b of n.heldBlocks) s.ip(ns, "route", "replace", b, "via", n.ip, "dev", dev, "onlink");
  }
}

/** The gateway node's security groups (nftables on its ENI). */
export function loadGatewaySg(ns: string, g: GatewayModel, dir: string): void {
  const file = path.join(dir, "gateway-sg.nft");
  fs.writeFileSync(file, gatewaySgRuleset(g));
  loadNft(ns, file);
}

/** Cilium's VTEP on a hybrid node: pod traffic to the VPC goes to the active gateway through VXLAN. */
export function nodeVtepScript(s: NetScript, n: LabNode, gatewayIp: string, vpcCidrs: readonly string[]): void {
  const dev = "cilium_vxlan";
  const ipn = (ns: string, ...args: string[]) => s.ip(ns, ...args);
  s.set(n.ns, "net.ipv4.conf.all.rp_filter", 0);
  addVxlan(s, n.ns, dev, n.ip);
  ipn(n.ns, "link", "set", dev, "address", gatewayVtepMac(n.ip));
  ipn(n.ns, "link", "set", dev, "up");
  const mac = gatewayOwnMac(gatewayIp);
  ipn(n.ns, "neigh", "replace", gatewayIp, "lladdr", mac, "dev", dev, "nud", "permanent");
  s.bridge(n.ns, "fdb", "replace", mac, "dev", dev, "dst", gatewayIp, "self", "permanent");
  for (const c of vpcCidrs) ipn(n.ns, "route", "replace", c, "via", gatewayIp, "dev", dev, "onlink", "table", POD_TABLE);
  // Only pod-sourced traffic takes the VTEP (Cilium's BPF steers pods, not the node itself).
  for (const b of n.heldBlocks) ipn(n.ns, "rule", "add", "from", b, "lookup", POD_TABLE);
}

/** A pod CIDR of the plan's first node block that the gateway does (not) serve: for messages. */
export function servedBy(g: GatewayModel, ip: string): string | undefined {
  const [a, b, c, d] = ip.split(".").map(Number);
  const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  return g.podCidrs.find((x) => {
    const p = parseCidr(x);
    return p.ok && n >= p.value.first && n <= p.value.last;
  });
}
