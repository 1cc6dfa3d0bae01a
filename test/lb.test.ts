import { strict as assert } from "node:assert";
import { albControllerTrustPolicy } from "../components/render/lb/alb-controller";
import { Registration } from "../plan-runner/mocks";
import { ProgramRun, runProgram } from "../plan-runner/run-program";
import { ns, ofType, resource, runStack } from "./helpers/run-stack";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const JOB = "kubernetes:batch/v1:Job";
const ROLE = "aws:iam/role:Role";
const kindOf = (r: Registration) => String((r.inputs as any).kind ?? "");
/** Kubernetes objects of a kind that the LoadBalancing component (or its children) applies. */
const objectsOfKind = (run: ProgramRun, kind: string) =>
  run.registrations.filter((r) => r.type.startsWith("kubernetes:") && kindOf(r) === kind && r.parent?.startsWith("eks-hybrid:lb:"));
const releaseNamed = (run: ProgramRun, name: string) => ofType(run, RELEASE).filter((r) => (r.inputs as any).name === name);
const urnOf = (r: Registration) => `${r.type}::${r.name}`;

const devPools = (addresses: string[]) => ({
  [ns("loadBalancing")]: { metallb: { enabled: true, mode: "l2", addressPools: [{ name: "first-pool", addresses }] } },
});

describe("LoadBalancing component under mocks", () => {
  let dev: ProgramRun;
  let prod: ProgramRun;
  let ciliumlb: ProgramRun;
  before(async () => {
    dev = await runStack("dev");
    prod = await runStack("prod");
    ciliumlb = await runStack("ciliumlb");
  });

  it("creates each provider's resources only when it is enabled", () => {
    // dev: MetalLB only; prod: the AWS controller only; ciliumlb: Cilium LB IPAM + the AWS controller.
    assert.equal(releaseNamed(dev, "metallb").length, 1);
    assert.equal(releaseNamed(dev, "aws-load-balancer-controller").length, 0);
    assert.equal(ofType(dev, ROLE).filter((r) => r.name.includes("aws-lb-controller")).length, 0);
    assert.equal(objectsOfKind(dev, "CiliumLoadBalancerIPPool").length, 0);

    assert.equal(releaseNamed(prod, "metallb").length, 0);
    assert.equal(releaseNamed(prod, "aws-load-balancer-controller").length, 1);
    assert.equal(objectsOfKind(prod, "IPAddressPool").length + objectsOfKind(prod, "CiliumLoadBalancerIPPool").length, 0);

    assert.equal(objectsOfKind(ciliumlb, "CiliumLoadBalancerIPPool").length, 1);
    assert.equal(objectsOfKind(ciliumlb, "CiliumBGPAdvertisement").length, 1);
    assert.equal(objectsOfKind(ciliumlb, "IPAddressPool").length, 0);
    assert.equal(objectsOfKind(ciliumlb, "Ingress").length, 1, "demo apps on in ciliumlb");
    assert.equal(objectsOfKind(dev, "Ingress").length + objectsOfKind(dev, "Deployment").length, 0, "demo apps off in dev");
  });

  it("creates MetalLB's pool and advertisement only after the release and the webhook readiness Job", () => {
    const release = releaseNamed(dev, "metallb")[0];
    const [job] = ofType(dev, JOB);
    assert.ok(job, "a readiness Job exists");
    assert.ok(job.dependencies.includes(urnOf(release)), "the Job waits for the release");
    for (const kind of ["IPAddressPool", "L2Advertisement"]) {
      const [obj] = objectsOfKind(dev, kind);
      assert.ok(obj.dependencies.includes(urnOf(job)), `${kind} depends on the readiness Job`);
      assert.ok(obj.dependencies.includes(urnOf(release)), `${kind} depends on the release`);
    }
    const [ns0] = objectsOfKind(dev, "Namespace");
    assert.ok(release.dependencies.includes(urnOf(ns0)), "the release waits for the labelled namespace");
  });

  it("passes the cluster's Kubernetes provider to the Kubernetes children", () => {
    const k8sChildren = dev.registrations.filter(
      (r) => r.custom && r.type.startsWith("kubernetes:") && r.parent?.startsWith("eks-hybrid:lb:"),
    );
    assert.ok(k8sChildren.length > 0);
    const [provider] = ofType(dev, "pulumi:providers:kubernetes");
    for (const r of k8sChildren) {
      assert.ok(r.parent?.startsWith("eks-hybrid:lb:"), `${r.name} is a child of a load balancing component`);
      assert.equal(r.provider, urnOf(provider), `${r.name} is managed by the cluster's provider`);
    }
  });

  it("gives the controller's role the exact IRSA trust of the cluster's OIDC provider", () => {
    const role = resource(prod, ROLE, "hybrid-prod-aws-lb-controller-role");
    const doc = JSON.parse(String((role.inputs as any).assumeRolePolicy));
    const federated = doc.Statement[0].Principal.Federated;
    const issuer = Object.keys(doc.Statement[0].Condition.StringEquals)[0].replace(/:sub$/, "");
    assert.deepEqual(doc, albControllerTrustPolicy(federated, issuer));
    assert.equal(doc.Statement.length, 1);
    assert.deepEqual(Object.keys(doc.Statement[0].Principal), ["Federated"]);
    assert.ok(!JSON.stringify(doc).includes('"*"'), "no wildcard principal");
    const oidc = ofType(prod, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")[0];
    if (oidc) assert.ok(federated.endsWith(oidc.name), "the federated principal is the cluster's OIDC provider");
    const values = (releaseNamed(prod, "aws-load-balancer-controller")[0].inputs as any).values;
    assert.equal(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"].includes("aws-lb-controller-role"), true);
    assert.equal(values.enableServiceMutatorWebhook, true, "prod has no in-cluster LB: the controller may own Services");
  });

  it("turns the mutator webhook off when MetalLB runs next to the controller", async () => {
    const run = await runStack("dev", {
      [ns("loadBalancing")]: {
        metallb: { enabled: true, addressPools: [{ name: "first-pool", addresses: ["192.168.200.201-192.168.200.220"] }] },
        awsLoadBalancerController: { enabled: true },
      },
    });
    assert.equal((releaseNamed(run, "aws-load-balancer-controller")[0].inputs as any).values.enableServiceMutatorWebhook, false);
    assert.equal(releaseNamed(run, "metallb").length, 1);
  });
});

describe("LoadBalancing validation through the program", () => {
  const rejects = (overrides: Record<string, unknown>, pattern: RegExp, stack = "dev") =>
    assert.rejects(runStack(stack, overrides), (e: Error) => {
      assert.match(e.message, pattern);
      return true;
    });

  it("rejects a pool outside the node CIDRs", () =>
    rejects(devPools(["10.10.0.10-10.10.0.20"]), /addresses\[0\]: 10\.10\.0\.10-10\.10\.0\.20 is not inside the remote node CIDRs/));

  it("rejects a pool that contains the router's address", () =>
    rejects(devPools(["192.168.200.250-192.168.200.254"]), /contains 192\.168\.200\.254, the address of the router/));

  it("rejects a pool that contains a node's address", () =>
    rejects(devPools(["192.168.200.0/28"]), /contains 192\.168\.200\.11, the address of node node-01/));

  it("rejects Cilium LB IPAM without Cilium BGP", () =>
    rejects(
      {
        [ns("loadBalancing")]: {
          ciliumLbIpam: { enabled: true, addressPools: [{ name: "p", addresses: ["192.168.200.221-192.168.200.240"] }] },
        },
      },
      /ciliumLbIpam\.enabled: true needs Cilium with BGP routing/,
    ));

  it("rejects the controller when its webhook port is not open to pod IPs", () =>
    rejects(
      { [ns("cluster")]: { name: "hybrid-prod", serviceCidr: "172.16.0.0/16", endpointAccess: "private", webhookPorts: [443] } },
      /cluster\.webhookPorts: \[443\] does not include 9443/,
      "prod",
    ));
});

describe("LoadBalancing ordering after the CNI", () => {
  it("makes the first Kubernetes object of each component wait for the component's dependsOn", async () => {
    const run = await runProgram("ciliumlb", { entry: "test/fixtures/lb-after-cni.ts" });
    const cni = `${RELEASE}::cni`;
    const firsts = [
      objectsOfKind(run, "CiliumLoadBalancerIPPool")[0],
      releaseNamed(run, "aws-load-balancer-controller")[0],
      objectsOfKind(run, "Namespace").find((r) => (r.inputs as any).metadata.name === "online-boutique")!,
    ];
    for (const r of firsts) assert.ok(r.dependencies.includes(cni), `${r.name} waits for the CNI`);
    const metallb = await runProgram("dev", { entry: "test/fixtures/lb-after-cni.ts" });
    const [ns0] = objectsOfKind(metallb, "Namespace");
    assert.ok(ns0.dependencies.includes(cni), "the MetalLB namespace waits for the CNI");
  });
});
