/**
 * The consumer examples (examples/*): each is its own Pulumi project that imports the library by
 * its package name, builds its plan from a plain object and composes the components. Planned
 * here under mocks from their own Pulumi.yaml and stack file.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PROJECT_DIR, ProgramRun, runProgram } from "../plan-runner/run-program";
import { ofType } from "./helpers/run-stack";

const example = (dir: string) => runProgram("dev", { dir: path.join(PROJECT_DIR, "examples", dir), entry: "index.ts" });
const types = (run: ProgramRun) => new Set(run.registrations.map((r) => r.type));
const COMPONENTS = [
  "eks-hybrid:network:HybridNetwork",
  "eks-hybrid:cluster:HybridCluster",
  "eks-hybrid:cni:HybridCniRelease",
  "eks-hybrid:lb:LoadBalancing",
];

describe("examples: existing VPC and cluster with Cilium BGP", () => {
  let run: ProgramRun;
  before(async () => (run = await example("existing-vpc-cilium-bgp")));

  it("composes the four components and adopts the VPC and cluster: no VPC, subnet or cluster is registered", () => {
    for (const c of COMPONENTS) assert.equal(ofType(run, c).length, 1, c);
    for (const t of [
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:eks/cluster:Cluster",
      "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    ]) {
      assert.ok(!types(run).has(t), `no ${t}`);
    }
  });

  it("attaches the adopted VPC (ids from the stack config) to a new Transit Gateway with a BGP VPN", () => {
    const [att] = ofType(run, "aws:ec2transitgateway/vpcAttachment:VpcAttachment");
    assert.equal(att.inputs.vpcId, "vpc-0a1b2c3d4e5f60718");
    assert.deepEqual(att.inputs.subnetIds, ["subnet-0aa1", "subnet-0aa2", "subnet-0aa3"]);
    const [vpn] = ofType(run, "aws:ec2/vpnConnection:VpnConnection");
    assert.equal(vpn.inputs.staticRoutesOnly, false);
    const routes = ofType(run, "aws:ec2/route:Route")
      .map((r) => `${r.inputs.routeTableId} ${r.inputs.destinationCidrBlock}`)
      .sort();
    assert.deepEqual(routes, ["rtb-0bb1", "rtb-0bb2", "rtb-0bb3"].flatMap((t) => [`${t} 10.80.0.0/24`, `${t} 10.81.0.0/22`]).sort());
  });

  it("installs Cilium 1.18 with cilium.io/v2 BGP objects and LB IPAM, against the adopted cluster", () => {
    const releases = ofType(run, "kubernetes:helm.sh/v3:Release");
    assert.deepEqual(
      releases.map((r) => [r.inputs.chart, r.inputs.version]),
      [["oci://public.ecr.aws/eks/cilium/cilium", "1.18.3-0"]],
    );
    for (const kind of ["CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumLoadBalancerIPPool"]) {
      assert.ok(types(run).has(`kubernetes:cilium.io/v2:${kind}`), kind);
    }
    const [entry] = ofType(run, "aws:eks/accessEntry:AccessEntry");
    assert.equal(entry.inputs.clusterName, "platform-prod");
  });
});

describe("examples: new VPC with Calico static routing and MetalLB", () => {
  let run: ProgramRun;
  before(async () => (run = await example("new-vpc-calico-metallb")));

  it("creates the VPC and the cluster with the example's remote networks", () => {
    for (const c of COMPONENTS) assert.equal(ofType(run, c).length, 1, c);
    const [vpc] = ofType(run, "aws:ec2/vpc:Vpc");
    assert.equal(vpc.inputs.cidrBlock, "10.60.0.0/16");
    const [cluster] = ofType(run, "aws:eks/cluster:Cluster");
    assert.deepEqual(cluster.inputs.remoteNetworkConfig, {
      remoteNodeNetworks: { cidrs: ["192.168.50.0/24"] },
      remotePodNetworks: { cidrs: ["192.168.64.0/22"] },
    });
    assert.equal(ofType(run, "aws:ec2/vpnConnection:VpnConnection")[0].inputs.staticRoutesOnly, true);
  });

  it("installs Calico with one pool per node and MetalLB with the example's pool; no Cilium, no BGP peers", () => {
    const charts = ofType(run, "kubernetes:helm.sh/v3:Release")
      .map((r) => r.inputs.chart)
      .sort();
    assert.deepEqual(charts, ["metallb", "tigera-operator"]);
    const values = ofType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "tigera-operator")!.inputs.values as any;
    const pools = values.installation.calicoNetwork.ipPools;
    assert.equal(pools.length, 3);
    const [pool] = ofType(run, "kubernetes:metallb.io/v1beta1:IPAddressPool");
    assert.deepEqual((pool.inputs.spec as any).addresses, ["192.168.50.200-192.168.50.220"]);
    assert.ok(![...types(run)].some((t) => t.startsWith("kubernetes:cilium.io/") || t === "kubernetes:projectcalico.org/v3:BGPPeer"));
  });

  it("returns the router's FRR config with a static route to each node's pod block", () => {
    const frr = String(run.outputs.routerFrrConfig);
    for (const ip of ["192.168.50.11", "192.168.50.12", "192.168.50.13"])
      assert.match(frr, new RegExp(`ip route \\S+ ${ip.replace(/\./g, "\\.")}`));
    assert.equal(run.outputs.kubeconfig, "[secret]");
  });
});
