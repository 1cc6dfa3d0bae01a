/**
 * `plan-runner/lean-register.ts` answers a registration with the request's own `Struct` plus the
 * provider outputs, instead of the SDK's deserialize → state → serialize round trip. Oracle: the
 * SDK's own `MockMonitor.registerResource` (`@pulumi/pulumi/runtime/mocks.js`) with the same
 * recorder, on generated inputs (nested values, secrets, unknowns, keys that collide with the provider
 * outputs, components and custom resources of the types the mocks add outputs for): the same
 * URN, id, response state, stored state and recorded registration.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks } from "../plan-runner/mocks";
import { leanRegisterResource } from "../plan-runner/lean-register";

/* eslint-disable @typescript-eslint/no-require-imports -- SDK internals without typings */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: new (m: RecordingMocks) => any };
const resproto = require("@pulumi/pulumi/proto/resource_pb") as { RegisterResourceRequest: new () => any };
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(o: unknown): any } };
/* eslint-enable @typescript-eslint/no-require-imports */

/** An unknown value (a preview's computed output), also inside a list. */
const unknown = fc.constant(pulumi.runtime.unknownValue);
/** A value as the wire carries it: JSON, a secret envelope around one, or unknowns. */
const wireValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value })),
  },
  { weight: 1, arbitrary: fc.oneof(unknown, fc.array(fc.oneof(fc.jsonValue({ maxDepth: 1 }), unknown), { maxLength: 3 })) },
);
/** Keys the mocks' provider outputs also set, and a few others. */
const key = fc.constantFrom("name", "tags", "tagsAll", "arn", "id", "url", "tunnel1PresharedKey", "metadata", "values", "x");
const request = fc.record({
  type: fc.constantFrom(
    "aws:ec2/vpc:Vpc",
    "aws:eks/cluster:Cluster",
    "aws:ec2/vpnConnection:VpnConnection",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "kubernetes:core/v1:NodePatch",
    "eks-hybrid:cni:HybridCniRelease",
  ),
  name: fc.constantFrom("a", "hybrid-dev-x"),
  custom: fc.boolean(),
  importId: fc.constantFrom("", "imported-1"),
  inputs: fc.dictionary(key, wireValue, { maxKeys: 6 }),
});

type RequestSpec = { type: string; name: string; custom: boolean; importId: string; inputs: Record<string, unknown> };

function registerRequest(r: RequestSpec): any {
  const req = new resproto.RegisterResourceRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setParent("");
  req.setCustom(r.custom);
  req.setImportid(r.importId);
  req.setObject(Struct.fromJavaScript(r.inputs));
  return req;
}

function answer(register: (req: any, cb: (err: unknown, resp: any) => void) => unknown, req: any): Promise<any> {
  return new Promise((resolve, reject) => void register(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}

describe("lean mock registration", () => {
  before(() => pulumi.runtime.setMocks(new RecordingMocks(), "eks-hybrid-network", "lean", false));

  it("answers like the SDK's mock monitor: URN, id, state, stored state and the recorded registration", async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const sdkMocks = new RecordingMocks();
        const sdk = new MockMonitor(sdkMocks);
        const leanMocks = new RecordingMocks();
        const lean = new MockMonitor(leanMocks);
        const expected = await answer((req, cb) => sdk.registerResource(req, cb), registerRequest(r));
        const actual = await answer((req, cb) => leanRegisterResource(lean, leanMocks, req, cb), registerRequest(r));
        assert.equal(actual.getUrn(), expected.getUrn());
        assert.equal(actual.getId(), expected.getId());
        assert.deepEqual(actual.getObject().toJavaScript(), expected.getObject().toJavaScript());
        const urn = expected.getUrn();
        assert.deepEqual(lean.resources.get(urn).state, sdk.resources.get(urn).state);
        assert.deepEqual(leanMocks.registrations, sdkMocks.registrations);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("keeps the state registerResourceOutputs sets, as the SDK's monitor does", async () => {
    const mocks = new RecordingMocks();
    const monitor = new MockMonitor(mocks);
    const resp = await answer(
      (req, cb) => leanRegisterResource(monitor, mocks, req, cb),
      registerRequest({ type: "eks-hybrid:cni:HybridCniRelease", name: "c", custom: false, importId: "", inputs: { a: 1 } }),
    );
    const outputs = Struct.fromJavaScript({ b: 2 });
    monitor.registerResourceOutputs({ getUrn: () => resp.getUrn(), getOutputs: () => outputs }, () => undefined);
    assert.equal(monitor.resources.get(resp.getUrn()).state, outputs);
  });
});
