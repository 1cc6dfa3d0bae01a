import { strict as assert } from "node:assert";
import { ProgramRun } from "../plan-runner/run-program";
import { ns, ofType, runStack } from "./helpers/run-stack";
import { rawConfigOf } from "./helpers/raw-config";
import { benchConfig } from "../scripts/bench-stacks";
import { BATCH_SIZE } from "../components/k8s/build-in-batches";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NODE_PATCH = "kubernetes:core/v1:NodePatch";
const crTypes = (run: ProgramRun, group: string) =>
  run.registrations
    .filter((r) => r.type.startsWith(`kubernetes:${group}/`) && r.parent?.startsWith("eks-hybrid:cni:"))
    .map((r) => r.type)
    .sort();
const theRelease = (run: ProgramRun) => {
  const all = ofType(run, RELEASE).filter((r) => r.parent?.startsWith("eks-hybrid:cni:"));
  assert.equal(all.length, 1, "one CNI release");
  return all[0].inputs as Record<string, any>;
};

describe("HybridCniRelease under mocks", () => {
  it("Calico static (dev): tigera-operator release, node labels, no BGP objects", async () => {
    const run = await runStack("dev");
    const rel = theRelease(run);
    assert.deepEqual(
      [rel.name, rel.chart, rel.version, rel.repositoryOpts?.repo, rel.namespace, rel.createNamespace],
      ["calico", "tigera-operator", "3.29.2", "https://docs.tigera.io/calico/charts", "tigera-operator", true],
    );
    assert.equal(rel.values.installation.calicoNetwork.bgp, "Disabled");
    assert.deepEqual(crTypes(run, "crd.projectcalico.org"), []);
    assert.deepEqual(crTypes(run, "projectcalico.org"), []);
    assert.deepEqual(crTypes(run, "cilium.io"), []);
    const cni = run.registrations.find((r) => r.type === "eks-hybrid:cni:HybridCniRelease")!;
    assert.equal(ofType(run, RELEASE)[0].parent, cni.urn, "the release is a child of the component");
  });

  it("labels registered nodes on their Kubernetes node name with their pool label (and user labels), without fighting the kubelet", async () => {
    const nodes = rawConfigOf("dev").nodes;
    nodes[0].labels = { "topology.kubernetes.io/zone": "rack-a" };
    nodes[0].registeredName = "mi-0123456789abcdef0";
    const run = await runStack("dev", { [ns("nodes")]: nodes });
    // SSM: only node-01 has a known Kubernetes name; node-02 gets its labels from nodeadm.
    const patches = ofType(run, NODE_PATCH);
    assert.deepEqual(
      patches.map((r) => r.name),
      ["hybrid-dev-labels-node-01"],
    );
    const p = patches[0].inputs as any;
    assert.equal(p.metadata.name, "mi-0123456789abcdef0");
    assert.deepEqual(p.metadata.labels, { "topology.kubernetes.io/zone": "rack-a", zone: "node-01" });
    assert.equal(p.metadata.annotations["pulumi.com/patchForce"], "true");
    assert.ok(p.metadata.annotations["pulumi.com/patchFieldManager"], "one stable field manager");
    const pools = theRelease(run).values.installation.calicoNetwork.ipPools;
    assert.equal(pools[0].nodeSelector, `zone == "${p.metadata.labels.zone}"`, "the pool selects the patched label");
    const files = run.outputs.artifacts as Record<string, string>;
    assert.match(files["nodeadm/node-02.yaml"], /--node-labels=zone=node-02/, "the unpatched node joins labelled");
  });

  it("the CNI release waits for every label patch, also when the patches are built over several turns of the event loop", async () => {
    // More registered nodes than two batches (components/k8s/build-in-batches.ts).
    const count = 2 * BATCH_SIZE + 1;
    const run = await runStack("dev", benchConfig({ name: "batches", nodes: count, registeredNames: true }));
    const patches = ofType(run, NODE_PATCH);
    assert.deepEqual(
      patches.map((r) => (r.inputs as any).metadata.name),
      Array.from({ length: count }, (_, i) => `host-${i + 1}`),
      "one patch per registered node, in node order",
    );
    const release = ofType(run, RELEASE).find((r) => r.parent?.startsWith("eks-hybrid:cni:"))!;
    const waitsFor = new Set(release.dependencies);
    assert.deepEqual(
      patches.filter((p) => !waitsFor.has(p.urn)).map((p) => p.name),
      [],
      "Calico picks a node's pool by label when it allocates the node's first address",
    );
  });

  it("SSM nodes without registeredName get no NodePatch (they register as mi-…, the configured name never exists)", async () => {
    const run = await runStack("dev");
    assert.equal(ofType(run, NODE_PATCH).length, 0);
  });

  it("IAM Roles Anywhere: nodes join labelled by nodeadm; only a registeredName is patched (a patch of a missing Node fails or creates it, pulumi/pulumi-kubernetes#2194)", async () => {
    const cluster = {
      ...rawConfigOf("dev").cluster,
      nodeCredentials: "iam-roles-anywhere",
      rolesAnywhereCaBundle: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    };
    const nodes = rawConfigOf("dev").nodes;
    nodes[1].registeredName = nodes[1].name;
    const run = await runStack("dev", { [ns("cluster")]: cluster, [ns("nodes")]: nodes });
    const names = ofType(run, NODE_PATCH).map((r) => (r.inputs as any).metadata.name);
    assert.deepEqual(names, ["node-02"]);
    const files = run.outputs.artifacts as Record<string, string>;
    assert.match(files["nodeadm/node-01.yaml"], /nodeName: node-01/);
    assert.match(files["nodeadm/node-01.yaml"], /--node-labels=zone=node-01/);
  });

  it("rejects a registeredName that is not a Kubernetes node name", async () => {
    const nodes = rawConfigOf("dev").nodes;
    nodes[1].registeredName = "MI_0123";
    await assert.rejects(runStack("dev", { [ns("nodes")]: nodes }), /nodes\[1\]\.registeredName: "?MI_0123"? is not a DNS-1123 subdomain/);
  });

  it("Calico BGP (calicobgp): BGPConfiguration and BGPPeer at projectcalico.org/v3, after the Calico API server is Available", async () => {
    const run = await runStack("calicobgp");
    assert.equal(theRelease(run).values.installation.calicoNetwork.bgp, "Enabled");
    // projectcalico.org/v3 is the supported API (crd.projectcalico.org/v1 is Calico-internal).
    assert.deepEqual(crTypes(run, "projectcalico.org"), [
      "kubernetes:projectcalico.org/v3:BGPConfiguration",
      "kubernetes:projectcalico.org/v3:BGPPeer",
    ]);
    assert.deepEqual(crTypes(run, "crd.projectcalico.org"), []);
    // The Calico API server serves v3 only once tigera-operator has started it: a wait Job gates them.
    const [job] = ofType(run, "kubernetes:batch/v1:Job");
    const spec = (job.inputs as any).spec.template.spec;
    assert.deepEqual(spec.initContainers[0].args.slice(0, 2), ["wait", "--for=create"]);
    assert.ok(spec.initContainers[0].args.includes("apiservice/v3.projectcalico.org"));
    assert.ok(spec.containers[0].args.includes("--for=condition=Available"));
    const role = ofType(run, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")[0].inputs as any;
    assert.deepEqual(role.rules, [{ apiGroups: ["apiregistration.k8s.io"], resources: ["apiservices"], verbs: ["get", "list", "watch"] }]);
    const byType = (t: string) => run.registrations.find((r) => r.type === t)!;
    for (const kind of ["BGPConfiguration", "BGPPeer"]) {
      const cr = byType(`kubernetes:projectcalico.org/v3:${kind}`);
      assert.ok(
        (cr.dependencies ?? []).some((d) => d.includes("calico-apiserver-wait")),
        `${kind} depends on the wait Job`,
      );
    }
  });

  for (const [stack, api] of [
    ["cilium116", "v2alpha1"],
    ["cilium117", "v2alpha1"],
    ["prod", "v2"],
  ]) {
    it(`Cilium BGP (${stack}): cilium.io/${api} objects behind a CRD wait Job`, async () => {
      const run = await runStack(stack);
      const rel = theRelease(run);
      assert.deepEqual(
        [rel.name, rel.chart, rel.version, rel.namespace],
        [
          "cilium",
          // AWS's build (the default) except in the stack kept on the unsupported upstream 1.16 chart.
          stack === "cilium116" ? "cilium" : "oci://public.ecr.aws/eks/cilium/cilium",
          rawConfigOf(stack).cni.version,
          "kube-system",
        ],
      );
      assert.equal(rel.values.bgpControlPlane.enabled, true);
      assert.ok(!("kaffinity" in rel.values));
      assert.deepEqual(
        crTypes(run, "cilium.io"),
        ["CiliumBGPAdvertisement", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig"].map((k) => `kubernetes:cilium.io/${api}:${k}`),
      );
      const job = ofType(run, "kubernetes:batch/v1:Job");
      assert.equal(job.length, 1);
      const init = (job[0].inputs as any).spec.template.spec.initContainers[0];
      assert.ok(init.args.includes("crd/ciliumbgpclusterconfigs.cilium.io"));
      assert.equal(ofType(run, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 1);
      const order = run.registrations.map((r) => r.type);
      assert.ok(order.indexOf(RELEASE) < order.indexOf("kubernetes:batch/v1:Job"));
      assert.ok(
        order.indexOf("kubernetes:batch/v1:Job") < order.findIndex((t) => t.startsWith("kubernetes:cilium.io/")),
        "the CRs wait for the Job",
      );
    });
  }

  it("AWS's Cilium build from ECR Public: the release takes the full OCI reference", async () => {
    const cni = { ...rawConfigOf("prod").cni, chartRepository: "oci://public.ecr.aws/eks/cilium", version: "1.18.3-0" };
    const rel = theRelease(await runStack("prod", { [ns("cni")]: cni }));
    assert.equal(rel.chart, "oci://public.ecr.aws/eks/cilium/cilium");
    assert.equal(rel.repositoryOpts, undefined);
    assert.equal(rel.version, "1.18.3-0");
  });

  it("labelRegisteredNodes is on by default; the Kubernetes provider reaches every child", async () => {
    const nodes = rawConfigOf("prod").nodes.map((n: Record<string, unknown>, i: number) => ({
      ...n,
      registeredName: `mi-0000000000000000${i}`,
    }));
    const run = await runStack("prod", { [ns("nodes")]: nodes });
    assert.equal(ofType(run, NODE_PATCH).length, 2);
    const provider = ofType(run, "pulumi:providers:kubernetes");
    assert.equal(provider.length, 1, "one provider, passed down (no default provider registered)");
  });

  it("rejects Cilium with static routing, saying to use BGP or Calico", async () => {
    const cni = { ...rawConfigOf("prod").cni, routing: "static" };
    await assert.rejects(runStack("prod", { [ns("cni")]: cni }), (e: Error) => {
      assert.match(e.message, /cni\.routing: static/);
      assert.match(e.message, /use routing: bgp with Cilium, or Calico/);
      return true;
    });
  });

  it("rejects Cilium LB IPAM without Cilium BGP", async () => {
    const lb = { ...rawConfigOf("cilium117").loadBalancing };
    const cni = { kind: "calico", version: "3.29.2", routing: "bgp", podBlockPrefix: 26 };
    await assert.rejects(
      runStack("cilium117", { [ns("cni")]: cni, [ns("loadBalancing")]: lb }),
      /ciliumLbIpam\.enabled: true needs Cilium with BGP routing/,
    );
  });

  it("stack outputs carry the router config (the VyOS one with real tunnel values is secret)", async () => {
    const dev = await runStack("dev");
    assert.equal(dev.outputs.routerVyosConfig, "[secret]");
    assert.match(
      String((dev.outputs.artifacts as Record<string, string>)["router/vyos.conf"]),
      /^set protocols static route 192\.168\.32\.0\/26 next-hop 192\.168\.200\.11$/m,
    );
    assert.match(String(dev.outputs.routerFrrConfig), /^ip route 192\.168\.32\.64\/26 192\.168\.200\.12$/m);
    const prod = await runStack("prod");
    assert.match(
      String((prod.outputs.artifacts as Record<string, string>)["router/vyos.conf"]),
      /^set protocols bgp neighbor 192\.168\.200\.11 address-family ipv4-unicast route-reflector-client$/m,
    );
    assert.deepEqual(
      Object.keys(prod.outputs.artifacts as object)
        .filter((k) => k.startsWith("router/"))
        .sort(),
      ["router/frr.conf", "router/vyos.conf"],
    );
  });
});
