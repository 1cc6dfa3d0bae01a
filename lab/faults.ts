/**
 * Faults the twin can plant (`npm run lab -- --stack NAME --fault NAME`), each by editing a COPY
 * of the inputs the way a broken program or a hand edit would — a resource missing from
 * `resources.json`, a line missing from `router/frr.conf` — together with the flow it must break
 * and the hop that must be named. A fault whose target is not in the inputs throws, so a changed
 * renderer cannot turn a fault test into a no-op.
 */
import { awsModel, Registration } from "./aws-model";
import { FlowResult } from "./twin-flows";
import { firstPoolAddress, inEntries } from "./lb-targets";
import { FirewallList } from "./twin-firewall";
import { K8sObject, LabInputs } from "./types";

/** A plantable fault. */
export interface Fault {
  readonly name: string;
  readonly description: string;
  /** The VPN routing it applies to. */
  readonly vpn: "static" | "bgp" | "any";
  /** The LoadBalancer kind it needs: a MetalLB L2 pool, or a BGP-announced pool (Cilium LB IPAM, MetalLB BGP). */
  readonly needs?: "metallb-l2" | "lb-bgp" | "gateway";
  /** The inputs with the fault planted. */
  readonly plant: (i: LabInputs) => LabInputs;
  /** The flow that must fail, where, and why (matched against the flow result). */
  readonly expect: (i: LabInputs) => {
    readonly flow: RegExp;
    readonly stoppedAt: RegExp;
    readonly reason: RegExp;
    /** Flows off the fault's path that must still pass. */
    readonly passes?: RegExp;
  };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function dropResource(i: LabInputs, what: string, pick: (r: Registration) => boolean): LabInputs {
  const res = i.resources ?? [];
  const hit = res.filter(pick);
  if (hit.length !== 1) throw new Error(`fault injection: expected one ${what} in resources.json, found ${hit.length}`);
  return { ...i, resources: res.filter((r) => r !== hit[0]) };
}

function dropLines(i: LabInputs, re: RegExp, what: string): LabInputs {
  const lines = i.frrConf.split("\n");
  const kept = lines.filter((l) => !re.test(l));
  if (kept.length === lines.length) throw new Error(`fault injection: no ${what} in router/frr.conf`);
  return { ...i, frrConf: kept.join("\n") };
}

function dropFirewallRows(i: LabInputs, what: string, pick: (r: FirewallList["rules"][number]) => boolean): LabInputs {
  if (!i.firewall) throw new Error("fault injection: the inputs have no firewall.json");
  const rules = i.firewall.rules.filter((r) => !pick(r));
  if (rules.length === i.firewall.rules.length) throw new Error(`fault injection: no firewall.json row ${what}`);
  return { ...i, firewall: { ...i.firewall, rules } };
}

function dropManifest(i: LabInputs, what: string, pick: (o: K8sObject) => boolean): LabInputs {
  const hit = i.manifests.filter(pick);
  if (hit.length !== 1) throw new Error(`fault injection: expected one ${what} among the manifests, found ${hit.length}`);
  return { ...i, manifests: i.manifests.filter((o) => o !== hit[0]) };
}

const isKind = (o: K8sObject, group: string, kind: string) => o.kind === kind && String(o.apiVersion ?? "").startsWith(`${group}/`);
/** The plan's first LoadBalancer pool address of a BGP-announced kind (Cilium LB IPAM, else MetalLB BGP). */
function bgpLbPool(i: LabInputs): { address: string; kind: "cilium" | "metallb" } {
  const c = i.plan.loadBalancing.ciliumLbIpam?.pools[0];
  if (c) return { address: firstPoolAddress(c.addresses[0]), kind: "cilium" };
  const m = i.plan.loadBalancing.metallb;
  if (m?.mode === "bgp" && m.pools[0]) return { address: firstPoolAddress(m.pools[0].addresses[0]), kind: "metallb" };
  throw new Error("fault injection: the stack has no BGP-announced LoadBalancer pool (Cilium LB IPAM or MetalLB BGP)");
}
const kubeletsPass = /^control plane → \S+ kubelet$/;

const model = (i: LabInputs) => {
  if (!i.resources) throw new Error("fault injection: the inputs have no resources.json");
  return awsModel(i.resources);
};
const nodeCidr = (i: LabInputs) => model(i).cluster.remoteNodeCidrs[0];
const node1 = (i: LabInputs) => i.plan.nodes[0];
const kubelet = (i: LabInputs) => new RegExp(`^control plane → ${esc(node1(i).name)} kubelet$`);

/** Every fault, by name. */
export const FAULTS: readonly Fault[] = [
  {
    name: "vpc-route",
    description: "the control-plane subnet's route table loses its route to the remote node network",
    vpn: "any",
    plant: (i) => {
      const m = model(i);
      const rt = m.subnets.find((s) => s.id === m.cluster.subnetIds[0])!.routeTable;
      return dropResource(
        i,
        `route ${nodeCidr(i)} in ${rt.name}`,
        (r) => r.type === "aws:ec2/route:Route" && r.inputs.routeTableId === rt.id && r.inputs.destinationCidrBlock === nodeCidr(i),
      );
    },
    expect: (i) => ({
      flow: kubelet(i),
      stoppedAt: /^VPC router$/,
      reason: new RegExp(`VPC route table .* has no route for ${esc(node1(i).ip)}`),
    }),
  },
  {
    name: "tgw-association",
    description: "the TGW VPC attachment loses its route table association",
    vpn: "any",
    plant: (i) =>
      dropResource(
        i,
        "TGW association of the VPC attachment",
        (r) =>
          r.type === "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation" &&
          r.inputs.transitGatewayAttachmentId === model(i).vpcAttachment.id,
      ),
    expect: (i) => ({ flow: kubelet(i), stoppedAt: /^Transit Gateway$/, reason: /VPC attachment .* has no route table association/ }),
  },
  {
    name: "tgw-propagation",
    description: "the TGW VPC attachment no longer propagates the VPC CIDR into the route table",
    vpn: "any",
    plant: (i) =>
      dropResource(
        i,
        "TGW propagation of the VPC attachment",
        (r) =>
          r.type === "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation" &&
          r.inputs.transitGatewayAttachmentId === model(i).vpcAttachment.id,
      ),
    // Static VPN: the TGW cannot route the reply into the VPC. BGP VPN: AWS no longer announces
    // the VPC to the router, which then has no route for the reply.
    expect: (i) => ({
      flow: kubelet(i),
      stoppedAt: i.plan.vpn.routing === "bgp" ? /^on-prem router \(reply\)$/ : /^Transit Gateway \(reply\)$/,
      reason:
        i.plan.vpn.routing === "bgp"
          ? /on-prem router .*no route .*10\.|sends 10\..* to the Internet/
          : /TGW route table .* has no route for 10\./,
    }),
  },
  {
    name: "sg-rule",
    description: "the security group loses its egress rule for the kubelet (TCP 10250)",
    vpn: "any",
    plant: (i) =>
      dropResource(
        i,
        "SG egress rule for 10250",
        (r) => r.type.startsWith("aws:vpc/securityGroupEgressRule:") && r.inputs.fromPort === 10250,
      ),
    expect: (i) => ({ flow: kubelet(i), stoppedAt: /security group egress/, reason: /no egress rule for tcp\/10250/ }),
  },
  {
    name: "vpn-static-route",
    description: "the TGW route table loses its static route to the remote node network over the VPN",
    vpn: "static",
    plant: (i) =>
      dropResource(
        i,
        `TGW static route ${nodeCidr(i)}`,
        (r) => r.type === "aws:ec2transitgateway/route:Route" && r.inputs.destinationCidrBlock === nodeCidr(i),
      ),
    expect: (i) => ({
      flow: kubelet(i),
      stoppedAt: /^Transit Gateway$/,
      reason: new RegExp(`TGW route table .* has no route for ${esc(node1(i).ip)}`),
    }),
  },
  {
    name: "router-vpn-route",
    description: "router/frr.conf loses its static routes to the VPC over vti1 and vti2",
    vpn: "static",
    plant: (i) => dropLines(i, /^ip route \S+ vti[12]( \d+)?$/, "static route over vti1/vti2"),
    expect: (i) => ({ flow: kubelet(i), stoppedAt: /^on-prem router \(reply\)$/, reason: /on-prem router .*10\./ }),
  },
  {
    name: "bgp-prefix-list",
    description: "router/frr.conf's AWS-OUT prefix list loses the remote node network",
    vpn: "bgp",
    plant: (i) =>
      dropLines(i, new RegExp(`^ip prefix-list AWS-OUT seq \\d+ permit ${esc(nodeCidr(i))}$`), `AWS-OUT entry for ${nodeCidr(i)}`),
    expect: (i) => ({
      flow: kubelet(i),
      stoppedAt: /^Transit Gateway$/,
      reason: new RegExp(`TGW route table .* has no route for ${esc(node1(i).ip)}`),
    }),
  },
  {
    name: "firewall-row",
    description: "firewall.json loses its row for the control plane to the kubelet",
    vpn: "any",
    plant: (i) => dropFirewallRows(i, "for tcp/10250", (r) => r.protocols.includes("tcp") && r.ports.includes(10250)),
    expect: (i) => ({ flow: kubelet(i), stoppedAt: /^on-prem firewall/, reason: /firewall\.json has no row for tcp\/10250/ }),
  },
  {
    name: "lb-l2-advertisement",
    description: "manifests lose MetalLB's L2Advertisement: no node answers ARP for the pool's addresses",
    vpn: "any",
    needs: "metallb-l2",
    plant: (i) => dropManifest(i, "MetalLB L2Advertisement", (o) => isKind(o, "metallb.io", "L2Advertisement")),
    expect: () => ({
      flow: /^on-prem client \(node LAN\) → MetalLB L2 pool /,
      stoppedAt: /^node LAN \(ARP\)$/,
      reason: /no node answers ARP for .*no L2Advertisement selects IPAddressPool/,
      passes: kubeletsPass,
    }),
  },
  {
    name: "lb-bgp-advertisement",
    description: "manifests lose the Service (LoadBalancerIP) BGP advertisement: nothing announces the pool's addresses",
    vpn: "any",
    needs: "lb-bgp",
    plant: (i) =>
      bgpLbPool(i).kind === "cilium"
        ? dropManifest(
            i,
            "CiliumBGPAdvertisement of type Service",
            (o) =>
              isKind(o, "cilium.io", "CiliumBGPAdvertisement") &&
              (o.spec?.advertisements ?? []).some((a: any) => a.advertisementType === "Service"),
          )
        : dropManifest(i, "MetalLB BGPAdvertisement", (o) => isKind(o, "metallb.io", "BGPAdvertisement")),
    expect: (i) => ({
      flow: new RegExp(`^office client → .* address ${esc(bgpLbPool(i).address)}$`),
      stoppedAt: /^on-prem router$/,
      reason: /has no route for .*\/32 .*nothing announced it/,
      passes: kubeletsPass,
    }),
  },
  {
    name: "lb-pool",
    description: "manifests lose the LoadBalancer pool object (CiliumLoadBalancerIPPool / IPAddressPool) of the plan's first pool",
    vpn: "any",
    needs: "lb-bgp",
    plant: (i) => {
      const { address, kind } = bgpLbPool(i);
      const mine = (o: K8sObject) => inEntries(address, o.spec?.blocks ?? o.spec?.addresses ?? []);
      return kind === "cilium"
        ? dropManifest(
            i,
            `CiliumLoadBalancerIPPool holding ${address}`,
            (o) => isKind(o, "cilium.io", "CiliumLoadBalancerIPPool") && mine(o),
          )
        : dropManifest(i, `IPAddressPool holding ${address}`, (o) => isKind(o, "metallb.io", "IPAddressPool") && mine(o));
    },
    expect: (i) => ({
      flow: new RegExp(`^office client → .* address ${esc(bgpLbPool(i).address)}$`),
      stoppedAt: /^on-prem router$/,
      reason: /nothing announced it: no (CiliumLoadBalancerIPPool|metallb\.io IPAddressPool) holds/,
      passes: kubeletsPass,
    }),
  },
  {
    name: "lb-firewall-row",
    description: "firewall.json loses its row for on-prem clients to the LoadBalancer pools",
    vpn: "any",
    needs: "metallb-l2",
    plant: (i) => dropFirewallRows(i, "clients-to-lb-pools", (r) => r.flow === "clients-to-lb-pools"),
    expect: () => ({
      flow: /^office client → MetalLB L2 pool /,
      stoppedAt: /^on-prem firewall/,
      reason: /firewall\.json has no row for tcp\/80 from 198\.18\.0\.10/,
      // The node LAN's client does not cross the site's firewall.
      passes: /^on-prem client \(node LAN\) → |^control plane → \S+ kubelet$/,
    }),
  },
  {
    name: "gateway-route",
    description: "the gateway release's routeTableIDs lose the control-plane subnet's route table: no pod-CIDR route there",
    vpn: "any",
    needs: "gateway",
    plant: (i) => {
      const m = model(i);
      const rt = m.subnets.find((s) => s.id === m.cluster.subnetIds[0])!.routeTable.id;
      const res = i.resources ?? [];
      const rel = res.filter(
        (r) => r.type === "kubernetes:helm.sh/v3:Release" && String(r.inputs.chart ?? "").endsWith("/eks-hybrid-nodes-gateway"),
      );
      const ids = String(rel[0]?.inputs.values?.routeTableIDs ?? "").split(",");
      if (rel.length !== 1 || !ids.includes(rt))
        throw new Error(`fault injection: no gateway release with route table ${rt} in routeTableIDs`);
      const edited = {
        ...rel[0],
        inputs: { ...rel[0].inputs, values: { ...rel[0].inputs.values, routeTableIDs: ids.filter((x) => x !== rt).join(",") } },
      };
      return { ...i, resources: res.map((r) => (r === rel[0] ? edited : r)) };
    },
    expect: (i) => ({
      flow: new RegExp(`^control plane → webhook \\d+ on a pod of ${esc(node1(i).name)}$`),
      stoppedAt: /^VPC router$/,
      reason: /has no route for .*the gateway release .* programs its pod CIDRs only into routeTableIDs/,
      passes: kubeletsPass,
    }),
  },
  {
    name: "gateway-firewall-row",
    description: "firewall.json loses its row for VXLAN (UDP 8472) from the gateway nodes to the hybrid nodes",
    vpn: "any",
    needs: "gateway",
    plant: (i) => dropFirewallRows(i, "gateway-vxlan-to-nodes", (r) => r.flow === "gateway-vxlan-to-nodes"),
    expect: (i) => ({
      flow: new RegExp(`^control plane → webhook \\d+ on a pod of ${esc(node1(i).name)}$`),
      stoppedAt: /^on-prem firewall/,
      reason: /firewall\.json has no row for udp\/8472 \(VXLAN VNI 2, the gateway path\)/,
      passes: kubeletsPass,
    }),
  },
];

/** The fault of this name, or an error listing them all. */
export function faultNamed(name: string): Fault {
  const f = FAULTS.find((x) => x.name === name);
  if (!f) throw new Error(`no fault ${name}; faults: ${FAULTS.map((x) => x.name).join(", ")}`);
  return f;
}

/** Whether a lab report shows the planted fault where it must: the flow failed, at that hop, for that reason. */
export function faultCaught(f: Fault, planted: LabInputs, flows: readonly FlowResult[]): { ok: boolean; text: string } {
  const e = f.expect(planted);
  const flow = flows.find((x) => e.flow.test(x.flow));
  if (!flow) return { ok: false, text: `no flow matches ${e.flow}` };
  const mustPass = e.passes ? flows.filter((x) => e.passes!.test(x.flow)) : [];
  const broken = mustPass.filter((x) => !x.pass).map((x) => x.flow);
  if (e.passes && !mustPass.length) return { ok: false, text: `no flow matches ${e.passes} (flows off the fault's path)` };
  const ok = !flow.pass && e.stoppedAt.test(flow.stoppedAt ?? "") && e.reason.test(flow.reason ?? "") && !broken.length;
  return {
    ok,
    text: `${flow.flow}: ${flow.pass ? "passed" : `failed at ${flow.stoppedAt}: ${flow.reason}`}; expected a failure at ${e.stoppedAt} matching ${e.reason}${broken.length ? `; off its path yet failed: ${broken.join(", ")}` : ""}`,
  };
}
