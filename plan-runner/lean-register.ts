/**
 * `registerResource` of Pulumi's mock monitor, without its round trip of every resource's state.
 *
 * The SDK's `MockMonitor.registerResource` turns the request's inputs (a protobuf `Struct`) into
 * JavaScript, asks the mocks for the state (the inputs plus what a provider adds), serializes that
 * whole state again property by property (`serializeProperties`, asynchronous) and builds a new
 * `Struct` from it for the response. With thousands of resources in flight that round trip was
 * most of the program's garbage (and a third of its protobuf time): Helm values with a pool per
 * node went through it twice, and every NodePatch once.
 *
 * Here the response is the request's own `Struct` with the provider's outputs and the id set on
 * it: the same state the SDK's round trip produces (our mocks' state is always the inputs, then
 * the provider outputs, then `id`), and resource references and secrets pass through as the
 * engine sent them. The request is converted to JavaScript once: that is the state the monitor
 * keeps (as the SDK's does), and the recorder's inputs are deserialized from it.
 */
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- generated protobuf modules, no typings
const structproto = require("google-protobuf/google/protobuf/struct_pb") as {
  Value: { fromJavaScript(v: unknown): { toJavaScript(): unknown } };
  Struct: { fromJavaScript(o: Record<string, unknown>): unknown };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb") as { RegisterResourceResponse: new () => any };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  deserializeProperty(v: unknown): unknown;
  serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
};

/** `rpc.deserializeProperties` over a Struct already converted to JavaScript (the same per-key rule). */
function deserialize(wire: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const k of Object.keys(wire)) {
    if (wire[k] !== undefined) props[k] = rpc.deserializeProperty(wire[k]);
  }
  return props;
}

/** Whether a wire value holds Pulumi's unknown sentinel anywhere. */
function containsUnknown(v: unknown): boolean {
  if (v === pulumi.runtime.unknownValue) return true;
  if (v === null || typeof v !== "object") return false;
  return Array.isArray(v) ? v.some(containsUnknown) : Object.values(v).some(containsUnknown);
}

/** What the lean register needs from the recorder: a registration's id and provider outputs. */
export interface Recorder {
  record(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; outputs: Record<string, unknown> };
}

/** The SDK's `MockMonitor` fields this reads and keeps up to date. */
interface MockMonitorState {
  resources: Map<string, { urn: string; id: string | null; state: unknown }>;
  transformCallbacks: Map<string, unknown>;
  newUrn(parent: string, type: string, name: string): string;
}

/** Register one resource on the mock `monitor` for `recorder`, answering `callback` like the SDK's monitor. */
export async function leanRegisterResource(
  monitor: MockMonitorState,
  recorder: Recorder,
  req: any,
  callback: (err: unknown, resp: unknown) => void,
): Promise<void> {
  try {
    const object = req.getObject();
    // The state as the SDK's monitor stores it: the wire form as JavaScript (secrets still in their
    // envelopes). Plain objects, not the protobuf `Struct`: every resource's state stays until the
    // program ends, and keeping the Structs cost a 5,000-node plan about 60 MiB of its peak.
    let state: Record<string, unknown> = object.toJavaScript();
    const inputs = deserialize(state);
    const { id, outputs } = recorder.record({
      type: req.getType(),
      name: req.getName(),
      inputs,
      provider: req.getProvider(),
      custom: req.getCustom(),
      id: req.getImportid(),
      transforms: req
        .getTransformsList()
        .map((cb: any) => monitor.transformCallbacks.get(cb.getToken()))
        .filter((t: unknown) => t !== undefined),
    } as pulumi.runtime.MockResourceArgs);
    const extra = { ...outputs, id };
    let answered = object;
    if (containsUnknown(state)) {
      // Outside a preview an unknown deserializes to undefined and drops out of the SDK's state:
      // its round trip, as the SDK's monitor does it (rare: the mocks' outputs are all known).
      state = await rpc.serializeProperties("", { ...inputs, ...extra });
      answered = structproto.Struct.fromJavaScript(state);
    } else {
      const fields = object.getFieldsMap();
      const added = await rpc.serializeProperties("", extra);
      // An undefined value (a component's id) removes an input of that name, as in the SDK's state.
      for (const k of Object.keys(extra)) {
        if (k in added) {
          const value = structproto.Value.fromJavaScript(added[k]);
          fields.set(k, value);
          state[k] = value.toJavaScript();
        } else {
          fields.del(k);
          delete state[k];
        }
      }
    }
    const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    // `getResource` invokes read the state from here, and `registerResourceOutputs` replaces it,
    // as with the SDK's monitor.
    monitor.resources.set(urn, { urn, id: id ?? null, state });
    const response = new resproto.RegisterResourceResponse();
    response.setUrn(urn);
    response.setId(id || "");
    response.setObject(answered);
    // The SDK logs `${response}` at debug level for every resource whether or not debug logging is
    // on: protobuf's toString converts the whole message (every map sorted) into nested arrays.
    response.toString = () => `RegisterResourceResponse(${urn})`;
    callback(null, response);
  } catch (err) {
    callback(err, undefined);
  }
}
