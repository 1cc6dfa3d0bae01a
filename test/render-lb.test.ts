import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPlan, checkLoadBalancingPlacement, LB_WEBHOOK_PORT, NetworkPlan } from "../components/plan";
import { albControllerPolicy, policyActions } from "../components/render/lb/alb-controller-iam-policy";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { ALB_CONTROLLER_DEFAULT_CHART, ALB_CONTROLLER_LINES, albControllerVersionOf } from "../components/plan/versions/alb-controller";
import { checkAlbControllerVersion } from "../components/plan/rules/alb-controller-version";
import { albControllerTrustPolicy, albControllerValues, partitionOf } from "../components/render/lb/alb-controller";
import { ciliumLbIpamObjects } from "../components/render/lb/cilium-lb-ipam";
import { demoAppObjects } from "../components/render/lb/demo-apps";
import { metallbAddressPool, metallbAdvertisements, metallbNamespace, metallbValues } from "../components/render/lb/metallb";
import { metallbWebhookReadiness, READINESS_DEADLINE_SECONDS } from "../components/render/lb/metallb-webhook-readiness";
import { loadStackConfig } from "../plan-runner/stack-config";
import { PROJECT_DIR } from "../plan-runner/run-program";

/** The plan of a checked-in stack with some config sections replaced. */
function planOf(stack: string, overrides: Record<string, unknown> = {}): NetworkPlan {
  const { config } = loadStackConfig(PROJECT_DIR, stack);
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    const [ns, key] = k.split(":");
    const value = (() => {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    })();
    if (ns === "aws" && key === "region") raw.region = value;
    else if (ns === "eks-hybrid-network") raw[key] = value;
  }
  return buildPlan({ ...raw, ...overrides });
}

/** The shared reference folder (next to the main checkout or to the worktrees). */
function referenceFile(rel: string): string | undefined {
  return ["../shared/reference", "../../shared/reference"].map((d) => path.resolve(PROJECT_DIR, d, rel)).find((f) => fs.existsSync(f));
}

describe("AWS Load Balancer Controller IAM (render/lb)", () => {
  // Each supported line's policy must be exactly what upstream publishes at that tag
  // (kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json; ../shared/reference).
  for (const line of ALB_CONTROLLER_LINES) {
    const referencePath = referenceFile(`aws-load-balancer-controller/${line.iamPolicyOf}/iam_policy.json`);
    const reference = referencePath ? JSON.parse(fs.readFileSync(referencePath, "utf8")) : undefined;

    it(`chart ${line.chartLine}.x: allows exactly the actions of the upstream ${line.iamPolicyOf} policy`, function () {
      if (!reference) this.skip();
      const ours = policyActions(albControllerPolicy("aws", line.iamPolicyOf));
      assert.deepEqual(ours, policyActions(reference));
      assert.equal(ours.length, 80);
    });

    it(`chart ${line.chartLine}.x: matches the upstream ${line.iamPolicyOf} statements (resources and conditions) in the aws partition`, function () {
      if (!reference) this.skip();
      const norm = (s: any) => ({ ...s, Resource: [s.Resource].flat(), Action: [...s.Action].sort() });
      assert.deepEqual(albControllerPolicy("aws", line.iamPolicyOf).Statement.map(norm), reference.Statement.map(norm));
    });
  }

  it("the v2.11.0 policy (no hybrid-node support) is not the one granted: it lacks actions v2.14.1+ need", function () {
    const old = referenceFile("aws-load-balancer-controller/v2.11.0/iam_policy.json");
    if (!old) this.skip();
    const missing = policyActions(albControllerPolicy()).filter(
      (a) => !policyActions(JSON.parse(fs.readFileSync(old, "utf8"))).includes(a),
    );
    assert.deepEqual(missing, [
      "ec2:DescribeIpamPools",
      "ec2:DescribeRouteTables",
      "elasticloadbalancing:ModifyIpPools",
      "elasticloadbalancing:SetRulePriorities",
    ]);
    assert.throws(() => albControllerPolicy("aws", "v2.11.0"), /no AWS Load Balancer Controller IAM policy for v2.11.0/);
  });

  it("puts the partition into every ARN", () => {
    const arns = albControllerPolicy("aws-cn")
      .Statement.flatMap((s) => [s.Resource].flat())
      .filter((r) => r !== "*");
    assert.ok(arns.length > 0);
    for (const a of arns) assert.match(a, /^arn:aws-cn:/);
    assert.equal(partitionOf("arn:aws-us-gov:iam::1:oidc-provider/x"), "aws-us-gov");
  });

  it("trusts only the controller's service account through the OIDC provider", () => {
    const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC";
    const doc = albControllerTrustPolicy(arn, "https://oidc.eks.us-west-2.amazonaws.com/id/ABC/");
    assert.deepEqual(doc, {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: arn },
          Action: ["sts:AssumeRoleWithWebIdentity"],
          Condition: {
            StringEquals: {
              "oidc.eks.us-west-2.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
              "oidc.eks.us-west-2.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            },
          },
        },
      ],
    });
    assert.ok(!JSON.stringify(doc).includes('"*"'), "no wildcard anywhere in the trust policy");
  });

  it("turns the Service mutator webhook off when an in-cluster load balancer owns Services", () => {
    const base = { clusterName: "c", region: "us-west-2", vpcId: "vpc-1", roleArn: "arn:aws:iam::1:role/r" };
    const withMetallb = albControllerValues({ ...base, inClusterLoadBalancer: true });
    assert.equal(withMetallb.enableServiceMutatorWebhook, false);
    assert.equal(albControllerValues({ ...base, inClusterLoadBalancer: false }).enableServiceMutatorWebhook, true);
    assert.deepEqual(withMetallb.serviceAccount, {
      create: true,
      name: "aws-load-balancer-controller",
      annotations: { "eks.amazonaws.com/role-arn": base.roleArn },
    });
    assert.equal(withMetallb.region, "us-west-2");
    assert.equal(withMetallb.vpcId, "vpc-1");
    assert.equal(withMetallb.webhookBindPort, LB_WEBHOOK_PORT, "the port the plan requires in cluster.webhookPorts");
  });
});

describe("MetalLB objects (render/lb)", () => {
  it("labels the namespace privileged for all three Pod Security modes", () => {
    const labels = metallbNamespace().metadata.labels!;
    for (const mode of ["enforce", "audit", "warn"]) assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "privileged");
  });

  it("renders the dev stack's pool and an L2Advertisement naming it", () => {
    const plan = planOf("dev");
    const pool = metallbAddressPool(plan.loadBalancing.metallb!.pools[0]);
    assert.deepEqual(pool.spec, { addresses: ["192.168.200.201-192.168.200.220"], autoAssign: true });
    const adv = metallbAdvertisements(plan);
    assert.deepEqual(
      adv.map((o) => `${o.apiVersion} ${o.kind}`),
      ["metallb.io/v1beta1 L2Advertisement"],
    );
    assert.deepEqual((adv[0].spec as any).ipAddressPools, ["first-pool"]);
  });

  it("peers with the router over v1beta2 BGPPeer in BGP mode", () => {
    const plan = planOf("dev", {
      loadBalancing: { metallb: { enabled: true, mode: "bgp", addressPools: [{ name: "p", addresses: ["192.168.200.64/28"] }] } },
    });
    const [peer, adv] = metallbAdvertisements(plan);
    assert.equal(peer.apiVersion, "metallb.io/v1beta2");
    assert.equal(peer.kind, "BGPPeer");
    assert.equal((peer.spec as any).peerAddress, plan.router.address);
    assert.equal((peer.spec as any).peerASN, plan.router.asn);
    assert.equal(adv.kind, "BGPAdvertisement");
    assert.deepEqual((adv.spec as any).peers, [peer.metadata.name]);
    assert.equal((metallbValues("bgp", "0.14.9").speaker as any).frr.enabled, true);
    assert.equal((metallbValues("l2", "0.14.9").speaker as any).frr.enabled, false);
  });

  it("gates on a server-side dry run through the webhook, bounded in time", () => {
    const { rbac, job } = metallbWebhookReadiness("1.31");
    const spec = (job.spec as any).template.spec;
    assert.equal((job.spec as any).activeDeadlineSeconds, READINESS_DEADLINE_SECONDS);
    assert.deepEqual(spec.initContainers[0].args.slice(2, 5), ["wait", "--for=condition=Available", "deployment/metallb-controller"]);
    assert.deepEqual(spec.containers[0].args.slice(0, 2), ["create", "--dry-run=server"]);
    assert.match(job.metadata.annotations!["eks-hybrid/on-failure"], /did not admit/);
    const role = rbac.find((o) => o.kind === "Role") as any;
    assert.ok(role.rules.some((r: any) => r.apiGroups.includes("metallb.io") && r.verbs.includes("create")));
    assert.equal(spec.serviceAccountName, rbac.find((o) => o.kind === "ServiceAccount")!.metadata.name);
  });
});

describe("Cilium LB IPAM objects (render/lb)", () => {
  const cilium = (version: string) =>
    planOf("ciliumlb", {
      cni: { kind: "cilium", version, routing: "bgp", allowUnsupportedCilium: true },
      loadBalancing: {
        ciliumLbIpam: {
          enabled: true,
          addressPools: [
            { name: "range", addresses: ["192.168.200.221-192.168.200.230"] },
            { name: "manual", addresses: ["192.168.200.240/29"], autoAssign: false },
          ],
        },
      },
    });

  it("uses cilium.io/v2 from 1.18 and v2alpha1 for 1.16/1.17", () => {
    for (const [version, api] of [
      ["1.16.7", "cilium.io/v2alpha1"],
      ["1.17.6", "cilium.io/v2alpha1"],
      ["1.18.0", "cilium.io/v2"],
    ]) {
      for (const o of ciliumLbIpamObjects(cilium(version))) assert.equal(o.apiVersion, api, `${o.kind} on ${version}`);
      // A plan without the decided API version falls back to the chart version's, not to v2.
      const undecided = { ...cilium(version), cni: { ...cilium(version).cni, ciliumBgpApiVersion: undefined } };
      for (const o of ciliumLbIpamObjects(undecided)) assert.equal(o.apiVersion, api, `${o.kind} on ${version} (fallback)`);
    }
  });

  it("writes ranges as start/stop, CIDRs as cidr, and selects Services for manual pools", () => {
    const [range, manual] = ciliumLbIpamObjects(cilium("1.18.0"));
    assert.deepEqual(range.spec, { blocks: [{ start: "192.168.200.221", stop: "192.168.200.230" }] });
    assert.deepEqual(manual.spec, {
      blocks: [{ cidr: "192.168.200.240/29" }],
      serviceSelector: { matchLabels: { "lbipam.eks-hybrid/pool": "manual" } },
    });
  });

  it("advertises LoadBalancer IPs of Services with the label the CNI peer config selects", () => {
    const adv = ciliumLbIpamObjects(cilium("1.18.0")).find((o) => o.kind === "CiliumBGPAdvertisement")!;
    assert.deepEqual(adv.metadata.labels, { advertise: "bgp" });
    const [a] = (adv.spec as any).advertisements;
    assert.equal(a.advertisementType, "Service");
    assert.deepEqual(a.service.addresses, ["LoadBalancerIP"]);
    assert.ok(a.selector.matchExpressions.length > 0, "a non-empty selector (an empty one matches no Service)");
  });

  it("renders nothing when LB IPAM is off", () => {
    assert.deepEqual(ciliumLbIpamObjects(planOf("prod")), []);
  });
});

describe("demo workloads (render/lb)", () => {
  it("are off by default", () => {
    assert.deepEqual(demoAppObjects(planOf("dev")), { boutique: [], game2048: [] });
  });

  it("put 2048 (5 replicas) behind an internet-facing ALB with IP targets", () => {
    const { boutique, game2048 } = demoAppObjects(planOf("ciliumlb"));
    const ingress = game2048.find((o) => o.kind === "Ingress")!;
    assert.equal(ingress.metadata.annotations!["alb.ingress.kubernetes.io/scheme"], "internet-facing");
    assert.equal(ingress.metadata.annotations!["alb.ingress.kubernetes.io/target-type"], "ip");
    assert.equal((ingress.spec as any).ingressClassName, "alb");
    assert.equal((game2048.find((o) => o.kind === "Deployment")!.spec as any).replicas, 5);
    const svc = boutique.find((o) => o.metadata.name === "frontend-external")!;
    assert.equal((svc.spec as any).type, "LoadBalancer");
    assert.equal((svc.spec as any).loadBalancerClass, "io.cilium/bgp-control-plane");
  });

  it("skip the 2048 Ingress without the AWS controller and put MetalLB's class on MetalLB Services", () => {
    const { boutique, game2048 } = demoAppObjects(
      planOf("dev", {
        loadBalancing: {
          metallb: { enabled: true, addressPools: [{ name: "p", addresses: ["192.168.200.201-192.168.200.220"] }] },
          demoApps: true,
        },
      }),
    );
    assert.deepEqual(game2048, []);
    // A class-less Service would also be claimed by EKS's legacy cloud provider (Classic LB):
    // https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-load-balancing.html
    assert.equal((boutique.find((o) => o.kind === "Service")!.spec as any).loadBalancerClass, "metallb.io/metallb");
  });

  it("every LoadBalancer Service of every load balancer choice carries the class its implementation serves", () => {
    const pool = [{ name: "p", addresses: ["192.168.200.201-192.168.200.220"] }];
    const cases: [string, Record<string, unknown>, string, string | undefined][] = [
      ["dev", { metallb: { enabled: true, addressPools: pool }, demoApps: true }, "metallb.io/metallb", undefined],
      ["ciliumlb", {}, "io.cilium/bgp-control-plane", undefined],
      ["prod", { awsLoadBalancerController: { enabled: true }, demoApps: true }, "service.k8s.aws/nlb", "ip"],
    ];
    for (const [stack, lb, cls, targetType] of cases) {
      const plan = Object.keys(lb).length ? planOf(stack, { loadBalancing: lb }) : planOf(stack);
      const services = demoAppObjects(plan).boutique.filter((o) => o.kind === "Service" && (o.spec as any).type === "LoadBalancer");
      assert.ok(services.length > 0, stack);
      for (const svc of services) {
        assert.equal((svc.spec as any).loadBalancerClass, cls, stack);
        assert.equal(svc.metadata.annotations?.["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"], targetType, stack);
      }
    }
  });

  it("MetalLB's chart value loadBalancerClass is the class the Services use", () => {
    assert.equal(metallbValues("l2", "0.14.9").loadBalancerClass, "metallb.io/metallb");
  });
});

describe("load balancer placement rule", () => {
  const base = {
    metallb: false,
    awsLoadBalancerController: true,
    ciliumLbIpam: false,
    demoApps: { key: "loadBalancing.demoApps", value: false },
  };

  it("fails when the webhook port is not open to pod IPs, naming key, value and rule", () => {
    const [p] = checkLoadBalancingPlacement({ ...base, webhookPorts: { key: "cluster.webhookPorts", value: [443] } });
    assert.equal(p.key, "cluster.webhookPorts");
    assert.equal(p.value, "[443]");
    assert.match(p.rule, /9443.*AWS Load Balancer Controller/);
  });

  it("needs no routing check: the schema admits only routable pod networks (static or bgp)", () => {
    const { config } = loadStackConfig(PROJECT_DIR, "prod");
    const cni = { ...JSON.parse(config["eks-hybrid-network:cni"]), routing: "overlay" };
    assert.throws(() => planOf("prod", { cni }), /cni\.routing: "?overlay"? is not one of `static`, `bgp`/);
  });

  it("warns when demo apps have no load balancer", () => {
    const [p] = checkLoadBalancingPlacement({
      ...base,
      awsLoadBalancerController: false,
      demoApps: { key: "loadBalancing.demoApps", value: true },
    });
    assert.equal(p.severity, "warning");
  });
});

describe("AWS Load Balancer Controller versions (plan/versions/alb-controller.ts)", () => {
  // Oracle, written from the upstream facts and not from the implementation: chart 1.14.1 =
  // controller v2.14.1 is the first with hybrid-node support (issue #4315, PR #4336); the program
  // carries the IAM policies of v2.14.1 (chart 1.14.x) and v3.5.0 (chart 3.5.x) only.
  const older = (x: number, y: number, z: number) => x < 1 || (x === 1 && (y < 14 || (y === 14 && z < 1)));
  const accepted = (x: number, y: number, z: number) => (x === 1 && y === 14 && z >= 1) || (x === 3 && y === 5);

  it("accepts exactly 1.14.x (≥ 1.14.1) and 3.5.x; names the hybrid-node bug for older charts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5 }), (x, y, z) => {
        const v = `${x}.${y}.${z}`;
        const problems = checkAlbControllerVersion({ key: "k", value: v });
        assert.equal(problems.length === 0, accepted(x, y, z), v);
        if (older(x, y, z)) assert.match(problems[0].rule, /#4315.*#4336/, v);
        else if (!accepted(x, y, z)) assert.match(problems[0].rule, /IAM policy/, v);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("the default is the newest release, v3.5.0, and the chart maps to its controller", () => {
    assert.equal(ALB_CONTROLLER_DEFAULT_CHART, "3.5.0");
    assert.equal(albControllerVersionOf("1.14.1"), "v2.14.1");
    assert.equal(albControllerVersionOf("3.5.0"), "v3.5.0");
    assert.equal(
      planOf("dev", { loadBalancing: { awsLoadBalancerController: { enabled: true } } }).loadBalancing.awsLoadBalancerController?.version,
      "3.5.0",
    );
  });
});
