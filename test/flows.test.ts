/**
 * One flow list (components/plan/flows.ts), three renderings: the cluster security group rules,
 * firewall.md and firewall.json. These tests prove the renderings cannot drift from the list and
 * that the list says what the AWS documents say.
 *
 * Oracle: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html, tables
 * "Access required during hybrid node installation and upgrade" (hybrid-assets.eks.amazonaws.com,
 * eks.<region>, api.ecr.<region>, amazon-ssm-<region>.s3.<region>, ssm.<region>,
 * rolesanywhere.amazonaws.com, rolesanywhere.<region>; all HTTPS 443) and "… ongoing cluster
 * operations" (node and pod CIDRs → EKS cluster IPs TCP 443; cluster → node CIDRs TCP 10250;
 * cluster → pod CIDRs webhook ports; pods → STS for IRSA).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { flowsFor, NetworkFlow } from "../components/plan/flows";
import { clusterSecurityGroupRules } from "../components/network/sg-rules";
import { firewallFile, firewallFlows, renderFirewall, renderFirewallJson, FIREWALL_JSON_FORMAT } from "../components/render/firewall";
import { renderArtifacts } from "../components/render/artifacts";
import { planFor } from "./helpers/plan-for";

const caBundle = "-----BEGIN CERTIFICATE-----";
const STACKS = ["dev", "prod", "calicobgp", "cilium117", "ciliumlb", "gateway", "nopodroute"] as const;

function variant(stack: string, endpointAccess: "public" | "private", creds: "ssm" | "iam-roles-anywhere", webhookPorts?: number[]) {
  const base = planFor(stack);
  return planFor(stack, {
    cluster: {
      name: base.cluster.resourceName,
      serviceCidr: base.cluster.serviceCidr,
      endpointAccess,
      nodeCredentials: creds,
      ...(creds === "iam-roles-anywhere" ? { rolesAnywhereCaBundle: caBundle } : {}),
      ...(webhookPorts ? { webhookPorts } : {}),
    },
  });
}

const mdFlowIds = (md: string) =>
  md
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Source"))
    .map((l) => l.split(" | ").at(-1)!.replace(/ \|$/, ""));

describe("flows: one list for the security group, firewall.md and firewall.json", () => {
  it("ids are unique, every flow cites an https source and names at least one enforcer", () => {
    for (const stack of STACKS) {
      const flows = flowsFor(planFor(stack));
      assert.equal(new Set(flows.map((f) => f.id)).size, flows.length, `${stack}: duplicate flow id`);
      for (const f of flows) {
        assert.match(f.source, /^https:\/\//, `${stack} ${f.id}`);
        assert.ok(f.enforcedBy.length > 0, `${stack} ${f.id}`);
        assert.ok(f.protocols.length > 0, `${stack} ${f.id}`);
      }
    }
  });

  it("every security group rule and every firewall row maps to a flow that allows exactly it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STACKS),
        fc.uniqueArray(fc.integer({ min: 1024, max: 65535 }), { maxLength: 4 }),
        fc.constantFrom("ssm" as const, "iam-roles-anywhere" as const),
        fc.constantFrom("public" as const, "private" as const),
        (stack, extra, creds, access) => {
          // 443 and 9443 stay: the plan requires the webhook ports of the add-ons it installs.
          const ports = [...new Set([443, 9443, ...extra])];
          const plan = variant(stack, access, creds, ports);
          const byId = new Map(flowsFor(plan).map((f) => [f.id, f]));
          for (const r of clusterSecurityGroupRules(plan)) {
            const f = byId.get(r.flowId);
            assert.ok(f, `SG rule ${r.key} names unknown flow ${r.flowId}`);
            assert.ok(f.enforcedBy.includes("cluster-security-group"));
            assert.ok(f.ports.includes(r.port), `${r.key}: port not in flow ${f.id}`);
            assert.ok((r.direction === "ingress" ? f.from : f.to).addresses.includes(r.cidr), `${r.key}: CIDR not in flow ${f.id}`);
          }
          const md = renderFirewall(plan);
          const json = firewallFile(plan);
          const fwFlows = [...byId.values()].filter((f) => f.enforcedBy.includes("onprem-firewall")).map((f) => f.id);
          assert.deepEqual(mdFlowIds(md), fwFlows);
          assert.deepEqual(
            json.rules.map((r) => r.flow),
            fwFlows,
          );
          // Every webhook port reaches the pods: static/bgp through the SG (egress) and the on-prem
          // firewall; gateway through the SG only (on-prem it is inside VXLAN UDP 8472); none: not at all.
          const mode = plan.cni.routing;
          for (const port of ports) {
            for (const pod of plan.remote.podCidrs) {
              const egress = clusterSecurityGroupRules(plan).some((r) => r.direction === "egress" && r.port === port && r.cidr === pod);
              assert.equal(egress, mode !== "none", `${stack} ${mode}: SG egress ${port} → ${pod}`);
            }
            const row = json.rules.some((r) => r.flow === `control-plane-to-webhook-${port}` && r.ports.includes(port));
            assert.equal(row, mode === "static" || mode === "bgp", `${stack} ${mode}: firewall row for ${port}`);
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });

  it("removing a flow removes its security group rules and its firewall rows, and nothing else", () => {
    for (const stack of STACKS) {
      const plan = planFor(stack);
      const all = flowsFor(plan);
      const sgAll = clusterSecurityGroupRules(plan, all);
      const fwAll = firewallFile(plan, all).rules;
      for (const gone of all) {
        const rest: NetworkFlow[] = all.filter((f) => f !== gone);
        const sg = clusterSecurityGroupRules(plan, rest);
        const fw = firewallFile(plan, rest).rules;
        const md = firewallFlows(plan, rest);
        assert.ok(!sg.some((r) => r.flowId === gone.id));
        assert.ok(!fw.some((r) => r.flow === gone.id));
        assert.ok(!md.some((r) => r.flowId === gone.id));
        assert.deepEqual(
          sg,
          sgAll.filter((r) => r.flowId !== gone.id),
        );
        assert.deepEqual(
          fw,
          fwAll.filter((r) => r.flow !== gone.id),
        );
      }
    }
  });
});

describe("flows: what the AWS documents say", () => {
  const api = (plan: ReturnType<typeof planFor>) => flowsFor(plan).filter((f) => f.id.endsWith("-to-api-server"));

  it("a private endpoint is reached in the VPC; a public endpoint on its public IPs, not the VPC", () => {
    for (const stack of STACKS) {
      const priv = variant(stack, "private", "ssm");
      for (const f of api(priv)) assert.deepEqual(f.to.addresses, priv.vpcCidrs, `${stack} private ${f.id}`);
      const pub = variant(stack, "public", "ssm");
      for (const f of api(pub)) {
        assert.deepEqual(f.to.addresses, [], `${stack} public ${f.id} must not send the API flow to the VPC`);
        assert.deepEqual(f.to.placeholders, ["<eks.endpoint>"]);
        const row = firewallFlows(pub).find((r) => r.flowId === f.id)!;
        assert.ok(!row.destination.includes(pub.vpcCidrs[0]), row.destination);
      }
      assert.deepEqual(
        api(pub).map((f) => [f.id, f.from.addresses, f.ports]),
        [
          ["nodes-to-api-server", pub.remote.nodeCidrs, [443]],
          ["pods-to-api-server", pub.remote.podCidrs, [443]],
        ],
      );
    }
  });

  it("the AWS endpoints follow the credential provider, as the networking page tables them", () => {
    const hostsOf = (plan: ReturnType<typeof planFor>) => flowsFor(plan).flatMap((f) => f.to.hosts);
    const ssm = hostsOf(variant("dev", "public", "ssm"));
    for (const h of [
      "hybrid-assets.eks.amazonaws.com",
      "eks.us-west-2.amazonaws.com",
      "api.ecr.us-west-2.amazonaws.com",
      "amazon-ssm-us-west-2.s3.us-west-2.amazonaws.com",
      "ssm.us-west-2.amazonaws.com",
    ]) {
      assert.ok(ssm.includes(h), h);
    }
    assert.ok(!ssm.some((h) => h.startsWith("rolesanywhere")), "no IAM Roles Anywhere endpoints with SSM");
    const ira = hostsOf(variant("dev", "public", "iam-roles-anywhere"));
    for (const h of ["rolesanywhere.amazonaws.com", "rolesanywhere.us-west-2.amazonaws.com", "hybrid-assets.eks.amazonaws.com"]) {
      assert.ok(ira.includes(h), h);
    }
    assert.ok(!ira.some((h) => h.includes("ssm")), "no SSM endpoints with IAM Roles Anywhere");
  });

  it("the AWS Load Balancer Controller (IRSA) adds STS and the ELB/EC2 APIs from the pod CIDRs", () => {
    const prod = planFor("prod");
    assert.ok(prod.loadBalancing.awsLoadBalancerController, "prod runs the controller");
    const sts = flowsFor(prod).find((f) => f.to.hosts.includes("sts.us-west-2.amazonaws.com"));
    assert.deepEqual(sts?.from.addresses, prod.remote.podCidrs);
    assert.ok(flowsFor(prod).some((f) => f.to.hosts.includes("elasticloadbalancing.us-west-2.amazonaws.com")));
    assert.ok(!flowsFor(planFor("dev")).some((f) => f.to.hosts.some((h) => h.startsWith("sts."))), "dev has no IRSA user");
  });

  it("the control plane reaches the kubelet (10250) on the node CIDRs and webhooks on the pod CIDRs", () => {
    const plan = planFor("dev");
    const kubelet = flowsFor(plan).find((f) => f.id === "control-plane-to-kubelet")!;
    assert.deepEqual([kubelet.from.addresses, kubelet.to.addresses, kubelet.ports], [plan.vpcCidrs, plan.remote.nodeCidrs, [10250]]);
    for (const port of plan.cluster.webhookPorts) {
      const f = flowsFor(plan).find((x) => x.id === `control-plane-to-webhook-${port}`)!;
      assert.deepEqual(f.to.addresses, plan.remote.podCidrs);
    }
  });

  it("MetalLB and Cilium LB IPAM pools are reachable from on-prem clients", () => {
    const dev = planFor("dev");
    const f = flowsFor(dev).find((x) => x.id === "clients-to-lb-pools")!;
    assert.deepEqual(
      f.to.addresses,
      dev.loadBalancing.metallb!.pools.flatMap((p) => p.addresses),
    );
    const lb = planFor("ciliumlb");
    assert.deepEqual(
      flowsFor(lb).find((x) => x.id === "clients-to-lb-pools")?.to.addresses,
      lb.loadBalancing.ciliumLbIpam!.pools.flatMap((p) => p.addresses),
    );
  });
});

describe("firewall.json", () => {
  it("is in the artifacts next to firewall.md, in the documented format", () => {
    const plan = planFor("prod");
    const text = renderArtifacts(plan)["firewall.json"];
    assert.equal(text, renderFirewallJson(plan));
    const doc = JSON.parse(text);
    assert.equal(doc.format, FIREWALL_JSON_FORMAT);
    assert.equal(doc.defaultPolicy, "drop");
    assert.equal(doc.stateful, true);
    for (const r of doc.rules) {
      assert.deepEqual(Object.keys(r).sort(), ["flow", "from", "icmpTypes", "phase", "ports", "protocols", "source", "to", "why"]);
      for (const end of [r.from, r.to]) assert.deepEqual(Object.keys(end).sort(), ["addresses", "hosts", "label", "placeholders"]);
      for (const p of r.protocols) assert.ok(["tcp", "udp", "icmp", "esp"].includes(p));
      if (r.protocols.includes("esp") || r.protocols.includes("icmp")) assert.deepEqual(r.ports, []);
    }
  });
});
