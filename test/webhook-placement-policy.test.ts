/**
 * webhook-placement on the real stacks' registrations (mocks) and through the PACKED pack.
 *
 * AWS, https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html: webhooks on
 * hybrid nodes need the cluster's remote pod network (so the control plane can reach them); in
 * mixed mode clusters "Configure webhooks to run on nodes in AWS Cloud", with the AWS Load Balancer
 * Controller's and MetalLB controller's affinity `eks.amazonaws.com/compute-type NotIn [hybrid]`.
 * The independent oracle of the property test is Kubernetes' node affinity semantics
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity: terms
 * ORed, expressions ANDed, In/NotIn/Exists/DoesNotExist; nodeSelector: every pair must match).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { formatViolations, RecordedResource, runPolicies } from "../policy/harness";
import { keepsOffHybridNodes } from "../policy/policies/webhook-placement";
import { Diagnostic, PackedPack, startPackedPack } from "./helpers/policy-analyzer";
import { runStack } from "./helpers/run-stack";

const ALB = "hybrid-nopodroute-aws-lb-controller-release";
const METALLB = "hybrid-nopodroute-metallb-release";
const CLUSTER = "hybrid-nopodroute-cluster";

/** Kubernetes' scheduling predicate for one node (the oracle). */
function admits(node: Record<string, string>, pod: { nodeSelector?: Record<string, string>; affinity?: any }): boolean {
  if (!Object.entries(pod.nodeSelector ?? {}).every(([k, v]) => node[k] === v)) return false;
  const terms: any[] | undefined = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e: any) => {
      const has = e.key in node;
      if (e.operator === "In") return has && e.values.includes(node[e.key]);
      if (e.operator === "NotIn") return !has || !e.values.includes(node[e.key]);
      if (e.operator === "Exists") return has;
      return !has; // DoesNotExist
    }),
  );
}

describe("webhook-placement (policy)", function () {
  this.timeout(180_000);
  let base: RecordedResource[];
  before(async () => {
    base = [...(await runStack("nopodroute")).registrations];
  });
  const copy = () => JSON.parse(JSON.stringify(base)) as RecordedResource[];
  const edit = (regs: RecordedResource[], name: string, change: (inputs: any) => void) => {
    // The cluster's IAM role has the cluster's name: prefer the non-IAM resource.
    const named = regs.filter((r) => r.name === name);
    change((named.find((r) => !r.type.startsWith("aws:iam/")) ?? named[0]).inputs);
    return regs;
  };
  const violations = async (regs: RecordedResource[], stack = "nopodroute") =>
    formatViolations(await runPolicies(regs, { stack })).filter((l) => l.startsWith("[webhook-placement]"));

  it("the checked-in mixed clusters (nopodroute, caliconone) and the gateway stack are clean", async () => {
    assert.deepEqual(await violations(base), []);
    for (const stack of ["caliconone", "gateway"])
      assert.deepEqual(await violations([...(await runStack(stack)).registrations], stack), []);
  });

  it("a mixed cluster: the ALB controller's affinity removed is reported with the reason and AWS's fix", async () => {
    const v = await violations(edit(copy(), ALB, (i) => delete i.values.affinity));
    assert.equal(v.length, 1, v.join("\n"));
    assert.match(
      v[0],
      /^\[webhook-placement\] hybrid-nopodroute-aws-lb-controller-release \(kubernetes:helm\.sh\/v3:Release\): values\.affinity: \(unset\) lets the AWS Load Balancer Controller, which serves admission webhooks, run on hybrid nodes: cluster hybrid-nopodroute-cluster is a mixed cluster \(cloud node group hybrid-nopodroute-cloud\), where AWS runs webhooks on the cloud nodes; fix: .*operator: NotIn, values: \["hybrid"\]/,
    );
  });

  it("MetalLB: the controller's affinity turned to In [hybrid] is reported; the speakers' hybrid nodeSelector is not", async () => {
    const v = await violations(
      edit(
        copy(),
        METALLB,
        (i) =>
          (i.values.controller.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator =
            "In"),
      ),
    );
    assert.equal(v.length, 1, v.join("\n"));
    assert.match(v[0], /hybrid-nopodroute-metallb-release .*values\.controller\.affinity: \{"nodeAffinity".* lets MetalLB's controller/);
  });

  it("a nodeSelector on the cloud node group's label also keeps it off hybrid nodes", async () => {
    const regs = edit(copy(), ALB, (i) => {
      delete i.values.affinity;
      i.values.nodeSelector = { "eks-hybrid-network/cloud-node": "true" };
    });
    assert.deepEqual(await violations(regs), []);
  });

  it("no cloud nodes: reported only where the cluster has no remote pod network (the control plane cannot reach hybrid pods)", async () => {
    // Without the node group the cluster is not mixed, and with its pod network webhooks may run on hybrid nodes.
    const noNodes = () =>
      edit(
        copy().filter((r) => r.type !== "aws:eks/nodeGroup:NodeGroup"),
        ALB,
        (i) => delete i.values.affinity,
      );
    assert.deepEqual(await violations(noNodes()), []);
    const v = await violations(edit(noNodes(), CLUSTER, (i) => delete i.remoteNetworkConfig.remotePodNetworks));
    assert.equal(v.length, 1, v.join("\n"));
    assert.match(
      v[0],
      /cluster hybrid-nopodroute-cluster has no remotePodNetworks, so the EKS control plane cannot reach webhooks on hybrid pods/,
    );
  });

  it("a tainted node group (the hybrid nodes gateway's) does not make a mixed cluster", async () => {
    const regs = edit(copy(), "hybrid-nopodroute-cloud", (i) => (i.taints = [{ key: "dedicated", value: "gw", effect: "NO_SCHEDULE" }]));
    assert.deepEqual(await violations(edit(regs, ALB, (i) => delete i.values.affinity)), []);
  });

  it("keepsOffHybridNodes is sound against Kubernetes' scheduling: what it accepts never admits a hybrid node", () => {
    const key = fc.constantFrom("eks.amazonaws.com/compute-type", "topology.kubernetes.io/zone", "role");
    const value = fc.constantFrom("hybrid", "ec2", "auto", "onprem", "true");
    const expr = fc.record({
      key,
      operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"),
      values: fc.array(value, { maxLength: 3 }),
    });
    const pod = fc.record(
      {
        nodeSelector: fc.dictionary(key, value, { maxKeys: 2 }),
        affinity: fc
          .array(fc.record({ matchExpressions: fc.array(expr, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 })
          .map((nodeSelectorTerms) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } })),
      },
      { requiredKeys: [] },
    );
    const hybridNode = fc
      .dictionary(fc.constantFrom("topology.kubernetes.io/zone", "role"), value, { maxKeys: 2 })
      .map((labels) => ({ ...labels, "eks.amazonaws.com/compute-type": "hybrid" }));
    let accepted = 0;
    fc.assert(
      fc.property(pod, hybridNode, (p, node) => {
        if (!keepsOffHybridNodes(p, [])) return true;
        accepted++;
        return !admits(node, p);
      }),
      { numRuns: propertyRuns(3000) },
    );
    assert.ok(accepted > 100, `the property exercised accepted specs (${accepted})`);
    // AWS's value is accepted, and admits a cloud node (an EC2 node has no compute-type label).
    const aws = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "eks.amazonaws.com/compute-type", operator: "NotIn", values: ["hybrid"] }] }],
          },
        },
      },
    };
    assert.ok(keepsOffHybridNodes(aws, []) && admits({ "kubernetes.io/os": "linux" }, aws));
  });

  describe("through the packed pack (analyzer protocol)", () => {
    let pack: PackedPack;
    before(async () => (pack = await startPackedPack()));
    after(() => pack?.stop());
    const mine = (ds: Diagnostic[]) => ds.filter((d) => d.policy === "webhook-placement");

    it("nopodroute passes; the planted fault (ALB controller affinity removed) is caught, one line with its fix", async () => {
      assert.deepEqual(await pack.run(base, "nopodroute"), []);
      const d = mine(
        await pack.run(
          edit(copy(), ALB, (i) => delete i.values.affinity),
          "nopodroute",
        ),
      );
      assert.equal(d.length, 1, JSON.stringify(d));
      assert.match(
        d[0].message,
        /^hybrid-nopodroute-aws-lb-controller-release \(kubernetes:helm\.sh\/v3:Release\): values\.affinity: \(unset\) .*; fix: \S/,
      );
      assert.ok(d[0].urn.endsWith(`::${ALB}`), d[0].urn);
    });
  });
});
