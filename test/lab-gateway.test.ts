/**
 * The gateway lab: the EKS Hybrid Nodes gateway path with real packets in network namespaces,
 * from the `gateway` stack's rendered gateway release. Needs root, iproute2, nsenter, nftables and
 * ping (the webhook listener and its connects run on the lab's node binary); without them the runs
 * are skipped with the missing pieces named (LAB_REQUIRED=1 makes that a failure, as for the main lab).
 *
 * Facts checked against upstream, not against the lab: VNI 2 and UDP 8472
 * (github.com/aws/eks-hybrid-nodes-gateway internal/vxlan/interface.go DefaultVNI/DefaultPort),
 * the remote VTEP MAC `02:00:<IPv4 octets>` (internal/vxlan/vtep.go generateMACFromIP).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { gatewayVtepMac } from "../components/plan/gateway-plan";
import {
  GatewayLabInputs,
  gatewayLabPrefix,
  gatewayOwnMac,
  gatewayTopology,
  loadGatewayLabInputs,
  missingGatewayLabPrerequisites,
  runGatewayLab,
} from "../lab/gateway";
import { namespacesWithPrefix } from "../lab/sys";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { helmReleases } from "../plan-runner/write-out";
import { requireLab } from "./helpers/require-lab";
import { runStack } from "./helpers/run-stack";

/** Render the gateway stack's Helm releases into a temporary out dir, as `npm run plan` does. */
async function renderedInputs(): Promise<GatewayLabInputs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-lab-inputs-"));
  try {
    const run = await runStack("gateway");
    fs.mkdirSync(path.join(dir, "helm"));
    for (const { name, file } of helmReleases(run.registrations)) fs.writeFileSync(path.join(dir, "helm", `${name}.yaml`), stringify(file));
    return loadGatewayLabInputs(PROJECT_DIR, "gateway", dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("gateway lab: inputs and addresses (no root needed)", () => {
  it("reads the release's VPC and pod CIDRs; places the gateways in two subnets and each pod in its node's block", async () => {
    const inputs = await renderedInputs();
    assert.equal(inputs.vpcCidr, "10.250.0.0/16");
    assert.deepEqual(inputs.podCidrs, ["192.168.32.0/23"]);
    const t = gatewayTopology(inputs, "x_1");
    assert.notEqual(t.gateways[0].ip, t.gateways[1].ip);
    assert.ok(t.gateways[0].ip.startsWith("10.250.0.") && t.gateways[1].ip.startsWith("10.250.32."), "one gateway per AZ subnet");
    for (const n of t.nodes) {
      const [base, len] = n.podCidr.split("/");
      const size = 2 ** (32 - Number(len));
      const toInt = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
      const off = toInt(n.pod.ip) - toInt(base);
      assert.ok(off > 0 && off < size, `${n.pod.ip} inside ${n.podCidr}`);
    }
    assert.ok(t.prefix.startsWith(gatewayLabPrefix("gateway")));
  });

  it("VTEP MACs: 02:00 + the IPv4 octets for nodes; a locally administered unicast MAC for the gateway", () => {
    assert.equal(gatewayVtepMac("192.168.200.11"), "02:00:c0:a8:c8:0b");
    const mac = parseInt(gatewayOwnMac("10.250.0.11").slice(0, 2), 16);
    assert.equal(mac & 0x03, 0x02, "locally administered, unicast");
  });
});

describe("gateway lab: real packets (root)", function () {
  this.timeout(120000);
  before(requireLab("gateway lab", missingGatewayLabPrerequisites()));

  it("control plane → VPC route → active gateway → VXLAN VNI 2 / UDP 8472 → node → pod, faults caught, failover to the standby; nothing left behind", async () => {
    const inputs = await renderedInputs();
    const r = await runGatewayLab(inputs);
    const failed = r.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.detail}`);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(failed, []);
    assert.ok(r.pass);
    const names = r.checks.map((c) => c.name).join("\n");
    for (const re of [/VNI 2, UDP 8472/, /→ pod .* via gw1/, /webhook TCP/, /UDP 8472 dropped/, /failover: .* through gw2 only/])
      assert.match(names, re);
    assert.deepEqual(namespacesWithPrefix(gatewayLabPrefix("gateway")), [], "no namespaces left");
  });

  it("planted fault: a gateway release whose podCIDRs miss a node's block leaves that node's pods unreachable", async () => {
    const inputs = { ...(await renderedInputs()), podCidrs: ["192.168.32.0/24"] };
    const r = await runGatewayLab(inputs);
    assert.equal(r.pass, false);
    const failed = r.checks.filter((c) => !c.pass).map((c) => c.name);
    assert.ok(
      failed.some((n) => /→ pod 192\.168\.33\.\d+ on node-02/.test(n)),
      `expected node-02's pod to be unreachable; failed: ${failed.join("; ") || "(none)"}`,
    );
    assert.ok(!failed.some((n) => /on node-01, via gw1/.test(n)), "node-01's pod, inside the routed CIDR, stays reachable");
    assert.deepEqual(namespacesWithPrefix(gatewayLabPrefix("gateway")), [], "no namespaces left");
  });
});
