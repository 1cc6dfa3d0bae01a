import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { buildPlan, NetworkPlan } from "../components/plan";
import { checkCiliumBuild } from "../components/plan/rules/cilium-build";
import { CILIUM_DEFAULT_VERSION } from "../components/plan/versions/cilium";
import {
  chartReference,
  renderCalicoBgpResources,
  renderCalicoValues,
  renderCiliumBgpResources,
  renderCiliumValues,
  renderCniRelease,
  renderCrdWait,
} from "../components/render/cni";
import { editedConfig, rawConfigOf } from "./helpers/raw-config";

const planOf = (stack: string, edit: (c: Record<string, any>) => void = () => {}): NetworkPlan => buildPlan(editedConfig(stack, edit));
const HYBRID = { "eks.amazonaws.com/compute-type": "hybrid" };
const hybridAffinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: "eks.amazonaws.com/compute-type", operator: "In", values: ["hybrid"] }] }],
    },
  },
};

describe("render: Calico values", () => {
  it("static routing: BGP off, one VXLAN pool per node selected by its zone label", () => {
    const plan = planOf("dev");
    const inst = renderCalicoValues(plan).installation as any;
    assert.equal(inst.calicoNetwork.bgp, "Disabled");
    assert.deepEqual(inst.cni, { type: "Calico", ipam: { type: "Calico" } });
    assert.equal(inst.calicoNetwork.ipPools.length, plan.nodes.length);
    plan.nodes.forEach((n, i) => {
      const pool = inst.calicoNetwork.ipPools[i];
      assert.equal(pool.cidr, n.podCidr);
      assert.equal(pool.blockSize, plan.cni.podBlockPrefix);
      assert.equal(pool.encapsulation, "VXLAN", "IPIP would need BGP");
      assert.equal(pool.natOutgoing, "Enabled", "Installation takes the string form");
      assert.equal(pool.nodeSelector, `zone == "${n.name}"`);
    });
    assert.equal(inst.calicoNetwork.ipPools[0].cidr, "192.168.32.0/26");
    assert.deepEqual(inst.calicoNetwork.nodeAddressAutodetectionV4, { cidrs: ["192.168.200.0/24"] });
  });

  it("keeps every Calico component on hybrid nodes, with at most as many control-plane replicas as nodes", () => {
    const inst = renderCalicoValues(planOf("dev")).installation as any;
    assert.deepEqual(inst.controlPlaneNodeSelector, HYBRID);
    for (const k of ["calicoNodeDaemonSet", "csiNodeDriverDaemonSet", "calicoKubeControllersDeployment", "typhaDeployment"]) {
      assert.deepEqual(inst[k].spec.template.spec.nodeSelector, HYBRID, k);
    }
    assert.equal(inst.controlPlaneReplicas, 2);
    const one = planOf("dev", (c) => (c.nodes = c.nodes.slice(0, 1)));
    assert.equal((renderCalicoValues(one).installation as any).controlPlaneReplicas, 1);
  });

  it("selects pools on the configured label key", () => {
    const plan = planOf("dev", (c) => (c.cni.poolSelectorLabel = "topology.example.com/rack"));
    const pools = (renderCalicoValues(plan).installation as any).calicoNetwork.ipPools;
    assert.equal(pools[1].nodeSelector, 'topology.example.com/rack == "node-02"');
  });

  it("BGP routing: BGP on, a BGPConfiguration without node mesh and a BGPPeer to the router", () => {
    const plan = planOf("calicobgp");
    assert.equal((renderCalicoValues(plan).installation as any).calicoNetwork.bgp, "Enabled");
    const [config, peer] = renderCalicoBgpResources(plan) as any[];
    assert.equal(config.kind, "BGPConfiguration");
    assert.equal(config.metadata.name, "default");
    assert.equal(config.spec.asNumber, plan.router.asn);
    assert.equal(config.spec.nodeToNodeMeshEnabled, false);
    assert.equal(peer.kind, "BGPPeer");
    assert.equal(peer.apiVersion, "projectcalico.org/v3");
    assert.equal(config.apiVersion, "projectcalico.org/v3");
    assert.equal(peer.spec.peerIP, "192.168.200.254");
    assert.equal(peer.spec.asNumber, 65432);
    assert.equal(peer.spec.keepOriginalNextHop, true);
  });

  it("static routing has no BGP objects", () => {
    assert.deepEqual(renderCalicoBgpResources(planOf("dev")), []);
  });
});

describe("render: Cilium values", () => {
  it("follow the EKS user guide: affinity (not kaffinity), cluster-pool IPAM over the pod CIDRs", () => {
    const plan = planOf("prod");
    const v = renderCiliumValues(plan) as any;
    assert.deepEqual(v.affinity, hybridAffinity);
    assert.deepEqual(v.operator.affinity, hybridAffinity);
    assert.ok(!("kaffinity" in v), "the article's typo is not reproduced");
    assert.equal(v.ipam.mode, "cluster-pool");
    assert.deepEqual(v.ipam.operator.clusterPoolIPv4PodCIDRList, plan.remote.podCidrs);
    assert.equal(v.ipam.operator.clusterPoolIPv4MaskSize, 26);
    assert.equal(v.operator.unmanagedPodWatcher.restart, false);
    assert.equal(v.envoy.enabled, false);
    assert.equal(v.loadBalancer.serviceTopology, true);
    assert.equal(v.bgpControlPlane.enabled, true);
  });

  it("take the mask size from cni.podBlockPrefix", () => {
    const v = renderCiliumValues(
      planOf("prod", (c) => {
        c.cni.podBlockPrefix = 25;
        for (const n of c.nodes) delete n.podCidr;
      }),
    ) as any;
    assert.equal(v.ipam.operator.clusterPoolIPv4MaskSize, 25);
  });

  it("refuse a Calico plan (and Calico values refuse a Cilium plan)", () => {
    assert.throws(() => renderCiliumValues(planOf("dev")), /not cilium/);
    assert.throws(() => renderCalicoValues(planOf("prod")), /not calico/);
  });
});

describe("render: Cilium BGP objects", () => {
  const cases: [string, string][] = [
    ["1.16.7", "cilium.io/v2alpha1"],
    ["1.17.6", "cilium.io/v2alpha1"],
    ["1.18.0", "cilium.io/v2"],
    ["1.18.3-0", "cilium.io/v2"],
  ];
  for (const [version, api] of cases) {
    it(`chart ${version} → ${api}`, () => {
      const objs = renderCiliumBgpResources(planOf("prod", (c) => Object.assign(c.cni, { version, allowUnsupportedCilium: true })));
      assert.deepEqual(objs.map((o) => o.kind).sort(), ["CiliumBGPAdvertisement", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig"]);
      for (const o of objs) assert.equal(o.apiVersion, api);
    });
  }

  it("peer with the router in its AS (iBGP), article timers, graceful restart, PodCIDR by label", () => {
    const plan = planOf("prod");
    const byKind = Object.fromEntries(renderCiliumBgpResources(plan).map((o) => [o.kind, o as any]));
    const inst = byKind.CiliumBGPClusterConfig.spec.bgpInstances[0];
    assert.equal(inst.localASN, plan.router.asn);
    assert.deepEqual(
      inst.peers.map((p: any) => [p.peerAddress, p.peerASN]),
      [["192.168.200.254", 65432]],
    );
    assert.deepEqual(inst.peers[0].peerConfigRef, { name: byKind.CiliumBGPPeerConfig.metadata.name });
    assert.deepEqual(byKind.CiliumBGPClusterConfig.spec.nodeSelector.matchExpressions[0].values, ["hybrid"]);
    const peer = byKind.CiliumBGPPeerConfig.spec;
    assert.deepEqual(peer.timers, { holdTimeSeconds: 30, keepAliveTimeSeconds: 10 });
    assert.equal(peer.gracefulRestart.enabled, true);
    const family = peer.families[0];
    assert.deepEqual([family.afi, family.safi], ["ipv4", "unicast"]);
    assert.deepEqual(family.advertisements.matchLabels, byKind.CiliumBGPAdvertisement.metadata.labels);
    assert.deepEqual(byKind.CiliumBGPAdvertisement.spec.advertisements, [{ advertisementType: "PodCIDR" }]);
  });
});

describe("render: CNI release", () => {
  it("HTTP repositories go to repositoryOpts; OCI charts take the full reference", () => {
    assert.deepEqual(chartReference("https://helm.cilium.io", "cilium"), { chart: "cilium", repository: "https://helm.cilium.io" });
    assert.deepEqual(chartReference("oci://public.ecr.aws/eks/cilium", "cilium"), { chart: "oci://public.ecr.aws/eks/cilium/cilium" });
    assert.deepEqual(chartReference("oci://public.ecr.aws/eks/cilium/", "cilium"), { chart: "oci://public.ecr.aws/eks/cilium/cilium" });
  });

  it("Calico installs tigera-operator in its own namespace; Cilium in kube-system", () => {
    const calico = renderCniRelease(planOf("dev"));
    assert.deepEqual(
      [calico.name, calico.chart, calico.version, calico.repository, calico.namespace, calico.createNamespace],
      ["calico", "tigera-operator", "3.29.2", "https://docs.tigera.io/calico/charts", "tigera-operator", true],
    );
    const cilium = renderCniRelease(planOf("prod", (c) => (c.cni.chartRepository = "oci://public.ecr.aws/eks/cilium")));
    assert.deepEqual(
      [cilium.name, cilium.chart, cilium.repository, cilium.namespace],
      ["cilium", "oci://public.ecr.aws/eks/cilium/cilium", undefined, "kube-system"],
    );
    assert.equal(rawConfigOf("prod").cni.version, cilium.version);
  });
});

describe("render: CRD readiness wait", () => {
  const objs = renderCrdWait({
    name: "w",
    namespace: "kube-system",
    crds: ["a.example.io", "b.example.io"],
    timeoutSeconds: 120,
    image: "kubectl:test",
    reason: "x 1.0",
  }) as any[];
  const job = objs.find((o) => o.kind === "Job");

  it("waits for creation, then Established, each bounded", () => {
    const init = job.spec.template.spec.initContainers[0];
    const main = job.spec.template.spec.containers[0];
    assert.deepEqual(init.args, ["wait", "--for=create", "--timeout=120s", "crd/a.example.io", "crd/b.example.io"]);
    assert.deepEqual(main.args.slice(0, 2), ["wait", "--for=condition=Established"]);
    assert.match(main.args[2], /^--timeout=\d+s$/);
    assert.ok(job.spec.activeDeadlineSeconds > 120 && job.spec.activeDeadlineSeconds < 600);
    assert.equal(job.spec.template.spec.restartPolicy, "Never");
    assert.match(job.metadata.annotations["eks-hybrid.io/waits-for"], /a\.example\.io, b\.example\.io/);
  });

  it("runs as a ServiceAccount that may only read CRDs", () => {
    const role = objs.find((o) => o.kind === "ClusterRole");
    assert.deepEqual(role.rules, [
      { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list", "watch"] },
    ]);
    const binding = objs.find((o) => o.kind === "ClusterRoleBinding");
    assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "w", namespace: "kube-system" }]);
    assert.equal(job.spec.template.spec.serviceAccountName, "w");
  });
});

describe("Cilium builds AWS supports (plan/versions/cilium.ts, rules/cilium-build.ts)", () => {
  // Oracle from https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html: AWS supports
  // only its own build (oci://public.ecr.aws/eks/cilium/cilium) at v1.17.x and v1.18.x; the gateway
  // CNI page (hybrid-nodes-gateway-cni.html) names AWS's 1.19.2-1 build too, so 1.19 is an AWS line.
  const AWS = "oci://public.ecr.aws/eks/cilium";
  const supportedLine = (minor: number) => minor === 17 || minor === 18 || minor === 19;

  it("errors for an upstream build or an unsupported line, warns instead with allowUnsupportedCilium", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 14, max: 20 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.constantFrom(AWS, `${AWS}/`, "https://helm.cilium.io"),
        fc.boolean(),
        (minor, patch, suffix, repo, allow) => {
          const version = `1.${minor}.${patch}${suffix ? "-0" : ""}`;
          const problems = checkCiliumBuild({
            version: { key: "cni.version", value: version },
            repository: { key: "cni.chartRepository", value: repo },
            allowUnsupported: allow,
          });
          const aws = repo.startsWith(AWS);
          const errors = problems.filter((p) => p.severity !== "warning");
          assert.equal(errors.length === 0, allow || (aws && supportedLine(minor)), `${repo} ${version}`);
          assert.equal(
            problems.some((p) => p.key === "cni.chartRepository"),
            !aws,
          );
          assert.equal(
            problems.some((p) => p.key === "cni.version" && /not a Cilium line AWS supports/.test(p.rule)),
            !supportedLine(minor),
          );
          if (!allow) for (const e of errors) assert.match(e.rule, /allowUnsupportedCilium/);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it("defaults to AWS's newest documented build; the 1.16 stack is kept only as a flagged, warned exception", () => {
    assert.equal(CILIUM_DEFAULT_VERSION, "1.18.3-0");
    const plan = planOf("prod", (c) => {
      delete c.cni.version;
      delete c.cni.chartRepository;
    });
    assert.deepEqual([plan.cni.chartRepository, plan.cni.version], [AWS, "1.18.3-0"]);
    const old = buildPlan(editedConfig("cilium116", () => {}));
    assert.ok(old.warnings.some((w) => w.startsWith("cni.chartRepository: https://helm.cilium.io is not AWS's Cilium build")));
    assert.ok(old.warnings.some((w) => /^cni\.version: 1\.16\.7 is not a Cilium line AWS supports/.test(w)));
    assert.throws(
      () => planOf("cilium116", (c) => delete c.cni.allowUnsupportedCilium),
      /cni\.version: "?1\.16\.7"? is not a Cilium line AWS supports .*allowUnsupportedCilium/,
    );
  });

  it("warns for an AWS-repository version the user guide does not name (AWS builds carry -0)", () => {
    const p = checkCiliumBuild({
      version: { key: "cni.version", value: "1.18.3" },
      repository: { key: "r", value: AWS },
      allowUnsupported: false,
    });
    assert.deepEqual(
      p.map((x) => x.severity),
      ["warning"],
    );
  });
});

describe("Cilium upgrade: upgradeCompatibility = the first installed version", () => {
  // https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html (upgrade Cilium: set
  // upgradeCompatibility to the version first installed); the chart documents it as "not required
  // for new installations" (cilium values.yaml).
  it("a fresh install sets none; a 1.17 → 1.18 bump carries 1.17", () => {
    assert.equal("upgradeCompatibility" in renderCiliumValues(planOf("cilium117")), false);
    const bumped = planOf("cilium117", (c) => Object.assign(c.cni, { version: "1.18.3-0", firstInstalledVersion: "1.17.9-0" }));
    assert.equal(renderCiliumValues(bumped).upgradeCompatibility, "1.17");
    assert.equal(bumped.cni.ciliumBgpApiVersion, "cilium.io/v2");
  });

  it("rejects a first installed version newer than the installed one; warns for Calico", () => {
    assert.throws(
      () => planOf("cilium117", (c) => (c.cni.firstInstalledVersion = "1.18.3-0")),
      /cni\.firstInstalledVersion: "?1\.18\.3-0"? is newer than cni\.version 1\.17\.9-0/,
    );
    const calico = planOf("dev", (c) => (c.cni.firstInstalledVersion = "3.29.0"));
    assert.ok(calico.warnings.some((w) => w.startsWith("cni.firstInstalledVersion: 3.29.0 applies only with Cilium")));
  });
});
