/**
 * Mixed clusters under mocks: pod routing `none` (the nopodroute stack) builds cloud nodes and
 * places every webhook-serving add-on on them; `gateway` keeps webhooks on hybrid pods (reached
 * through the gateway) and drops the VPC → pod rows from the on-prem firewall.
 *
 * Expected values are AWS's, written out here rather than read from the code under test:
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html
 * - "run webhooks on EC2 instances in the same EKS cluster as your hybrid nodes"; "Run the VPC CNI
 *   on nodes in AWS Cloud";
 * - the AWS Load Balancer Controller's values: `affinity.nodeAffinity.requiredDuringScheduling…
 *   matchExpressions: [{key: eks.amazonaws.com/compute-type, operator: NotIn, values: [hybrid]}]`;
 * - CoreDNS: hybrid nodes labelled `topology.kubernetes.io/zone` (example `onprem`), podAntiAffinity
 *   `kubernetes.io/hostname` weight 100 and `topology.kubernetes.io/zone` weight 50 on
 *   `k8s-app In [kube-dns]`, and `trafficDistribution: PreferClose` on the kube-dns Service.
 */
import { strict as assert } from "node:assert";
import { Registration } from "../plan-runner/mocks";
import { ProgramRun } from "../plan-runner/run-program";
import { ns, ofType, resource, runStack } from "./helpers/run-stack";

const T = {
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  addon: "aws:eks/addon:Addon",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  release: "kubernetes:helm.sh/v3:Release",
  servicePatch: "kubernetes:core/v1:ServicePatch",
  sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  cluster: "aws:eks/cluster:Cluster",
};

/** AWS's mixed-mode webhook affinity, as the page prints it. */
const AWS_CLOUD_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: "eks.amazonaws.com/compute-type", operator: "NotIn", values: ["hybrid"] }] }],
    },
  },
};

/** Every resource `r` waits for, directly or through others. */
function waitsFor(run: ProgramRun, r: Registration): Set<string> {
  const byUrn = new Map(run.registrations.map((x) => [x.urn, x]));
  const seen = new Set<string>();
  const stack = [...r.dependencies];
  while (stack.length) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    stack.push(...(byUrn.get(u)?.dependencies ?? []));
  }
  return seen;
}

/** Webhook-serving releases whose values do not keep them off hybrid nodes (the placement check). */
function misplacedWebhookReleases(releases: readonly { name: string; values: any }[]): string[] {
  const onCloud = (a: unknown) => JSON.stringify(a) === JSON.stringify(AWS_CLOUD_AFFINITY);
  return releases
    .filter((r) =>
      /metallb/.test(r.name) ? !onCloud(r.values?.controller?.affinity) : /aws-lb-controller/.test(r.name) && !onCloud(r.values?.affinity),
    )
    .map((r) => r.name);
}

describe("mixed cluster, podRouting none (nopodroute stack, mocks)", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runStack("nopodroute");
  });
  const inputs = (type: string, name: string): any => resource(run, type, name).inputs;

  it("a managed node group of cloud nodes in the private subnets, with the VPC CNI add-on and AWS's node policies", () => {
    const ng = inputs(T.nodeGroup, "hybrid-nopodroute-cloud");
    assert.deepEqual(ng.scalingConfig, { desiredSize: 2, minSize: 2, maxSize: 2 });
    assert.deepEqual(ng.instanceTypes, ["t3.large"]);
    assert.deepEqual(ng.subnetIds, inputs(T.cluster, "hybrid-nopodroute-cluster").vpcConfig.subnetIds, "the cluster's private subnets");
    assert.equal(ng.taints, undefined, "general nodes: no taint");
    assert.equal(inputs(T.addon, "hybrid-nopodroute-vpc-cni").addonName, "vpc-cni");
    const policies = ofType(run, T.attachment)
      .filter((a) => a.name.startsWith("hybrid-nopodroute-cloud-node-"))
      .map((a) => String(a.inputs.policyArn).split("/").at(-1))
      .sort();
    // https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
    assert.deepEqual(policies, ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"]);
    const deps = resource(run, T.nodeGroup, "hybrid-nopodroute-cloud").dependencies;
    assert.ok(deps.includes(`${T.addon}::hybrid-nopodroute-vpc-cni`), "nodes wait for the VPC CNI (Ready only with a CNI)");
  });

  it("the webhook-serving add-ons run on the cloud nodes with AWS's affinity; MetalLB's speakers stay on hybrid nodes", () => {
    const metallb = inputs(T.release, "hybrid-nopodroute-metallb-release").values;
    const alb = inputs(T.release, "hybrid-nopodroute-aws-lb-controller-release").values;
    assert.deepEqual(alb.affinity, AWS_CLOUD_AFFINITY);
    assert.deepEqual(metallb.controller.affinity, AWS_CLOUD_AFFINITY);
    assert.deepEqual(metallb.speaker.nodeSelector, { "eks.amazonaws.com/compute-type": "hybrid" });
    const releases = ofType(run, T.release).map((r) => ({ name: r.name, values: r.inputs.values }));
    assert.deepEqual(misplacedWebhookReleases(releases), []);
    // The check can fail: a release without the affinity is named.
    const planted = releases.map((r) =>
      r.name.includes("aws-lb-controller") ? { ...r, values: { ...(r.values as object), affinity: {} } } : r,
    );
    assert.deepEqual(misplacedWebhookReleases(planted), ["hybrid-nopodroute-aws-lb-controller-release"]);
  });

  it("deploy order: the node group before the releases placed on it", () => {
    const ng = `${T.nodeGroup}::hybrid-nopodroute-cloud`;
    for (const name of ["hybrid-nopodroute-metallb-release", "hybrid-nopodroute-aws-lb-controller-release"]) {
      assert.ok(waitsFor(run, resource(run, T.release, name)).has(ng), `${name} waits for the cloud nodes`);
    }
  });

  it("CoreDNS: the EKS add-on spreads replicas over hostname and zone as AWS writes it; kube-dns prefers the close replica", () => {
    const addon = inputs(T.addon, "hybrid-nopodroute-coredns");
    assert.equal(addon.addonName, "coredns");
    const cfg = JSON.parse(addon.configurationValues);
    assert.deepEqual(Object.keys(cfg), ["affinity"], "only keys of the add-on's schema");
    const term = (topologyKey: string, weight: number) => ({
      weight,
      podAffinityTerm: { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] }, topologyKey },
    });
    assert.deepEqual(cfg.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution, [
      term("kubernetes.io/hostname", 100),
      term("topology.kubernetes.io/zone", 50),
    ]);
    // The schema's default node affinity (Linux, amd64/arm64) is kept, since `affinity` replaces it.
    assert.deepEqual(cfg.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions, [
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
    ]);
    const dns = inputs(T.servicePatch, "hybrid-nopodroute-kube-dns");
    assert.deepEqual([dns.metadata.namespace, dns.metadata.name, dns.spec.trafficDistribution], ["kube-system", "kube-dns", "PreferClose"]);
    const deps = waitsFor(run, resource(run, T.addon, "hybrid-nopodroute-coredns"));
    assert.ok(deps.has(`${T.nodeGroup}::hybrid-nopodroute-cloud`) && deps.has(`${T.release}::hybrid-nopodroute-cilium`));
  });

  it("hybrid nodes join with the on-prem topology zone (nodeadm --node-labels)", () => {
    const files = run.outputs.artifacts as Record<string, string>;
    for (const node of ["node-01", "node-02"])
      assert.match(files[`nodeadm/${node}.yaml`], /--node-labels=.*topology\.kubernetes\.io\/zone=onprem/);
  });

  it("nothing in AWS is opened towards hybrid pods: no SG egress to the pod CIDR, no VPC → pod firewall row", () => {
    assert.equal(ofType(run, T.sgOut).filter((r) => r.inputs.cidrIpv4 === "192.168.32.0/23").length, 0);
    const fw = JSON.parse((run.outputs.artifacts as Record<string, string>)["firewall.json"]);
    const vpcToPods = fw.rules.filter((r: any) => r.from.addresses.includes("10.250.0.0/16") && r.to.addresses.includes("192.168.32.0/23"));
    assert.deepEqual(vpcToPods, []);
    assert.ok(!fw.rules.some((r: any) => r.flow.startsWith("alb-controller")), "the ALB controller calls AWS from the cloud nodes");
  });

  it("without a webhook-serving add-on, none creates no cloud nodes (nothing to place)", async () => {
    const bare = await runStack("nopodroute", {
      [ns("loadBalancing")]: { demoApps: false },
      [ns("cni")]: { kind: "cilium", version: "1.18.8-1", chartRepository: "oci://public.ecr.aws/eks/cilium", podRouting: "none" },
    });
    assert.equal(ofType(bare, T.nodeGroup).length, 0);
    assert.equal(ofType(bare, T.addon).length, 0);
  });
});

describe("gateway mode: webhooks stay on hybrid pods (reached through the gateway); firewall rows follow the tunnel", () => {
  it("no VPC → pod row on-prem, while the cluster security group keeps its egress to the pod CIDR", async () => {
    const run = await runStack("gateway");
    const fw = JSON.parse((run.outputs.artifacts as Record<string, string>)["firewall.json"]);
    const toPods = fw.rules.filter(
      (r: any) => r.to.addresses.includes("192.168.32.0/23") && !r.from.addresses.every((a: string) => a.startsWith("192.168.")),
    );
    assert.deepEqual(toPods, [], "VPC → pods arrives inside VXLAN UDP 8472");
    assert.ok(fw.rules.some((r: any) => r.flow === "gateway-vxlan-to-nodes"));
    const egress = ofType(run, T.sgOut).filter((r) => r.inputs.cidrIpv4 === "192.168.32.0/23" && r.inputs.fromPort === 9443);
    assert.equal(egress.length, 1, "control plane → webhook 9443 on the pod CIDR");
    assert.equal(ofType(run, T.addon).filter((a) => a.inputs.addonName === "coredns").length, 0, "no general cloud nodes by default");
  });

  it("with cni.cloudNodes the gateway cluster gets the general nodes, sharing the gateway's VPC CNI add-on", async () => {
    const run = await runStack("gateway", {
      [ns("cni")]: {
        kind: "cilium",
        version: "1.18.8-1",
        chartRepository: "oci://public.ecr.aws/eks/cilium",
        podRouting: "gateway",
        gateway: { nodeCount: 2 },
        cloudNodes: { nodeCount: 1 },
      },
    });
    assert.deepEqual(
      ofType(run, T.nodeGroup)
        .map((r) => r.name)
        .sort(),
      ["hybrid-gateway-cloud", "hybrid-gateway-gw"],
    );
    assert.equal(ofType(run, T.addon).filter((a) => a.inputs.addonName === "vpc-cni").length, 1, "one VPC CNI add-on");
    assert.ok(resource(run, T.nodeGroup, "hybrid-gateway-cloud").dependencies.includes(`${T.addon}::hybrid-gateway-vpc-cni`));
    assert.equal(ofType(run, T.addon).filter((a) => a.inputs.addonName === "coredns").length, 1);
  });
});
