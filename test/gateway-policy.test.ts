/**
 * The gateway policies on the real `gateway` stack's registrations (mocks): it passes, and each
 * planted fault is reported by the right policy with the resource, the value and the rule.
 */
import { strict as assert } from "node:assert";
import { formatViolations, RecordedResource, runPolicies } from "../policy/harness";
import { runStack } from "./helpers/run-stack";

const GW = "hybrid-gateway-hybrid-nodes-gateway";

describe("gateway policies (gateway stack, planted faults)", () => {
  let base: RecordedResource[];
  before(async () => {
    base = [...(await runStack("gateway")).registrations];
  });
  const copy = () => JSON.parse(JSON.stringify(base)) as RecordedResource[];
  const edit = (name: string, change: (inputs: any) => void) => {
    const c = copy();
    change(c.find((r) => r.name === name)!.inputs);
    return c;
  };
  const violations = async (regs: RecordedResource[]) => formatViolations(await runPolicies(regs, { stack: "gateway" }));

  it("the stack as the program builds it has no violations", async () => {
    assert.deepEqual(await violations(base), []);
  });

  it("gateway-route-tables: a cluster subnet's route table missing from routeTableIDs", async () => {
    const v = await violations(edit(GW, (i) => (i.values.routeTableIDs = "hybrid-gateway-private-us-west-2a-id")));
    assert.ok(
      v.some((l) =>
        /^\[gateway-route-tables\] hybrid-gateway-hybrid-nodes-gateway \(kubernetes:helm\.sh\/v3:Release\): values\.routeTableIDs: hybrid-gateway-private-us-west-2a-id lacks hybrid-gateway-private-us-west-2b-id, the route table of cluster subnet hybrid-gateway-private-us-west-2b-id/.test(
          l,
        ),
      ),
      v.join("\n"),
    );
  });

  it("gateway-pod-routes-not-in-iac: the pod CIDR (or a block inside it) also routed by the stack; broader routes are fine", async () => {
    const withRoute = (dest: string) => {
      const c = copy();
      c.push({
        type: "aws:ec2/route:Route",
        name: `extra-${dest}`,
        inputs: { routeTableId: "hybrid-gateway-private-us-west-2a-id", destinationCidrBlock: dest, transitGatewayId: "tgw-1" },
        custom: true,
      });
      return c;
    };
    for (const dest of ["192.168.32.0/23", "192.168.33.0/26"]) {
      const v = await violations(withRoute(dest));
      assert.ok(
        v.some((l) => l.startsWith(`[gateway-pod-routes-not-in-iac] extra-${dest} (aws:ec2/route:Route): destinationCidrBlock: ${dest}`)),
        v.join("\n"),
      );
    }
    assert.deepEqual(await violations(withRoute("192.168.0.0/16")), [], "a supernet loses to the gateway's route");
  });

  it("gateway-cilium-vtep: VTEP off or the L7 proxy on", async () => {
    const v = await violations(
      edit("hybrid-gateway-cilium", (i) => {
        i.values.vtep.enabled = false;
        delete i.values.l7Proxy;
      }),
    );
    assert.ok(
      v.some((l) => /\[gateway-cilium-vtep\] .*values\.vtep\.enabled: false must be true/.test(l)),
      v.join("\n"),
    );
    assert.ok(
      v.some((l) => /\[gateway-cilium-vtep\] .*values\.l7Proxy: \(unset: true\) must be false/.test(l)),
      v.join("\n"),
    );
  });

  it("remote-cidrs-routable exempts only the pod CIDRs a gateway release owns", async () => {
    const v = await violations(copy().filter((r) => r.name !== GW));
    assert.ok(
      v.some((l) =>
        /^\[remote-cidrs-routable\] .*192\.168\.32\.0\/23 \(remote pod CIDR of cluster [^,]+, remoteNetworkConfig\.remotePodNetworks\.cidrs\[0\]\) has no route/.test(
          l,
        ),
      ),
      v.join("\n"),
    );
  });
});
