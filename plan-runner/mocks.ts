/**
 * Pulumi mocks that record every resource registration, for `npm run plan` and the tests.
 *
 * Providers are not called: each resource's state is its inputs plus the outputs a provider
 * would compute (ids, ARNs, the EKS endpoint and OIDC issuer), as placeholders like
 * `<hybrid-dev-cluster.endpoint>` so that nothing looks like a real value.
 */
import * as pulumi from "@pulumi/pulumi";
import { leanRegisterResource } from "./lean-register";

/** One registration, as `resources.json` lists it. */
export interface Registration {
  /** Type token, e.g. `aws:ec2/vpc:Vpc`. */
  type: string;
  /** Logical name. */
  name: string;
  /** The parent's `type::name`; absent at the root. */
  parent?: string;
  /** Resolved inputs; secrets are `"[secret]"`. */
  inputs: Record<string, unknown>;
  /** Custom resource (managed by a provider) rather than a component. */
  custom: boolean;
  /** `type::name`, the key `parent` refers to. */
  urn: string;
  /** `type::name` of every resource this one depends on (explicit `dependsOn` and inputs). */
  dependencies: string[];
  /** `type::name` of the provider instance that manages it (custom resources with an explicit provider). */
  provider?: string;
  /** Registered with `protect: true` (tests only; not written to resources.json). */
  protect?: boolean;
  /** The aliases it was registered with (tests only; not written to resources.json). */
  aliases?: AliasRecord[];
}

/**
 * One alias of a registration, as the register request carries it: either a full URN or a
 * spec whose empty fields mean "same as the resource" (`parent` is a `type::name`).
 */
export interface AliasRecord {
  urn?: string;
  type?: string;
  name?: string;
  parent?: string;
  noParent?: boolean;
  stack?: string;
  project?: string;
}

/** Replace Pulumi's secret envelopes (and unknowns) by printable markers. */
export function maskSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return "[secret]";
    if (o[pulumi.runtime.specialSigKey] !== undefined && "value" in o) return maskSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, maskSecrets(x)]));
  }
  if (v === pulumi.runtime.unknownValue) return "<unknown>";
  return v;
}

/** Outputs a provider would add to a resource's state, keyed by type token. */
function providerOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const ph = (field: string) => `<${name}.${field}>`;
  const [pkg, mod] = type.split(":");
  const out: Record<string, unknown> = {};
  if (pkg === "aws") {
    out.arn = `arn:aws:${(mod ?? "x").split("/")[0]}:us-west-2:123456789012:${name}`;
    out.tagsAll = inputs.tags ?? {};
    // Auto-named resources (IAM roles…) get their logical name as the physical one.
    out.name = inputs.name ?? name;
  }
  switch (type) {
    case "aws:eks/cluster:Cluster":
      out.endpoint = `https://${name}.example.eks.amazonaws.com`;
      out.certificateAuthority = { data: Buffer.from(ph("certificateAuthority")).toString("base64") };
      out.identities = [{ oidcs: [{ issuer: `https://oidc.eks.us-west-2.amazonaws.com/id/${name.toUpperCase()}` }] }];
      out.clusterSecurityGroupId = `sg-${name}`;
      break;
    case "aws:ec2/launchTemplate:LaunchTemplate":
      out.latestVersion = 1; // a new template's first version
      break;
    case "aws:ec2/vpnConnection:VpnConnection":
      for (const t of ["tunnel1", "tunnel2"]) {
        out[`${t}Address`] = ph(`${t}.outsideIp`);
        out[`${t}CgwInsideAddress`] = ph(`${t}.cgwInsideIp`);
        out[`${t}VgwInsideAddress`] = ph(`${t}.vgwInsideIp`);
        out[`${t}PresharedKey`] = inputs[`${t}PresharedKey`] ?? ph(`${t}.presharedKey`);
        out[`${t}BgpAsn`] = ph(`${t}.bgpAsn`);
      }
      out.transitGatewayAttachmentId = `tgw-attach-${name}`;
      break;
    case "aws:ssm/activation:Activation":
      out.activationCode = ph("activationCode");
      break;
    case "aws:ec2transitgateway/transitGateway:TransitGateway":
      out.associationDefaultRouteTableId = `tgw-rtb-default-${name}`;
      out.propagationDefaultRouteTableId = `tgw-rtb-default-${name}`;
      break;
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      out.url = String(inputs.url ?? "").replace(/^https:\/\//, "");
      break;
  }
  return out;
}

/** `urn:pulumi:stack::project::a$b$type::name` → `type::name`. */
function shortUrn(urn: string): string {
  const parts = urn.split("::");
  return `${parts[2].split("$").pop()}::${parts[3]}`;
}

/** Mocks recording every registration in order. */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly registrations: Registration[] = [];
  private readonly parents = new Map<string, string | undefined>();
  private readonly dependencies = new Map<string, string[]>();
  private readonly protectedUrns = new Set<string>();
  private readonly aliases = new Map<string, AliasRecord[]>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const { id, outputs } = this.record(args);
    return { id, state: { ...args.inputs, ...outputs, id } };
  }

  /**
   * Record one registration; returns its id (custom resources) and the outputs a provider would
   * add to its inputs (the state is the inputs, then these, then `id`).
   */
  record(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; outputs: Record<string, unknown> } {
    const id = args.custom === false ? undefined : args.id || `${args.name}-id`;
    const urn = `${args.type}::${args.name}`;
    this.registrations.push({
      type: args.type,
      name: args.name,
      parent: this.parents.get(urn),
      inputs: maskSecrets(args.inputs) as Record<string, unknown>,
      custom: args.custom !== false,
      urn,
      dependencies: this.dependencies.get(urn) ?? [],
      ...(args.provider ? { provider: shortUrn(args.provider.split("::").slice(0, 4).join("::")) } : {}),
      ...(this.protectedUrns.has(urn) ? { protect: true } : {}),
      ...(this.aliases.has(urn) ? { aliases: this.aliases.get(urn) } : {}),
    });
    return { id, outputs: providerOutputs(args.type, args.name, args.inputs) };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/plan", userId: "plan" };
      case "aws:index/getRegion:getRegion":
        return { name: "us-west-2", region: "us-west-2", id: "us-west-2" };
      case "aws:index/getPartition:getPartition":
        return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
      case "aws:eks/getCluster:getCluster": {
        const n = String(args.inputs.name);
        return {
          name: n,
          arn: `arn:aws:eks:us-west-2:123456789012:cluster/${n}`,
          endpoint: `https://${n}.example.eks.amazonaws.com`,
          certificateAuthorities: [{ data: Buffer.from(`<${n}.certificateAuthority>`).toString("base64") }],
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.us-west-2.amazonaws.com/id/${n.toUpperCase()}` }] }],
          vpcConfig: { clusterSecurityGroupId: `sg-${n}`, securityGroupIds: [], subnetIds: [], vpcId: `<${n}.vpcId>` },
        };
      }
      case "aws:ec2transitgateway/getTransitGateway:getTransitGateway":
        return {
          ...args.inputs,
          associationDefaultRouteTableId: `<${args.inputs.id}.associationDefaultRouteTableId>`,
          propagationDefaultRouteTableId: `<${args.inputs.id}.propagationDefaultRouteTableId>`,
        };
      default:
        return args.inputs;
    }
  }

  /** Called by the monitor hook with each request's parent URN, before `newResource`. */
  noteParent(type: string, name: string, parentUrn: string, protect = false): void {
    if (protect) this.protectedUrns.add(`${type}::${name}`);
    if (!parentUrn) return;
    const parts = parentUrn.split("::");
    const parentType = parts[2].split("$").pop()!;
    this.parents.set(`${type}::${name}`, `${parentType}::${parts[3]}`);
  }

  /** Called by the monitor hook with each request's dependency URNs, before `newResource`. */
  noteDependencies(type: string, name: string, urns: readonly string[]): void {
    this.dependencies.set(`${type}::${name}`, urns.map(shortUrn));
  }

  /** Called by the monitor hook with each request's aliases (protobuf `Alias` objects), before `newResource`. */
  noteAliases(type: string, name: string, list: readonly any[]): void {
    const records = list.map(aliasRecord).filter((a) => Object.keys(a).length > 0);
    if (records.length) this.aliases.set(`${type}::${name}`, records);
  }
}

/** A protobuf `pulumirpc.Alias` (URN or spec) as plain data, empty fields left out. */
function aliasRecord(a: any): AliasRecord {
  if (a.getUrn?.()) return { urn: a.getUrn() };
  const spec = a.getSpec?.();
  if (!spec) return {};
  const r: AliasRecord = {};
  if (spec.getType()) r.type = spec.getType();
  if (spec.getName()) r.name = spec.getName();
  if (spec.getParenturn?.()) r.parent = shortUrn(spec.getParenturn());
  if (spec.getNoparent?.()) r.noParent = true;
  if (spec.getStack()) r.stack = spec.getStack();
  if (spec.getProject()) r.project = spec.getProject();
  return r;
}

/**
 * Install the mocks with a hook that passes each registration's parent, dependencies and aliases
 * to the recorder (the public `Mocks` interface does not carry them) and registers it without the
 * SDK's state round trip (`lean-register.ts`).
 */
export async function installMocks(mocks: RecordingMocks, project: string, stack: string): Promise<void> {
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  const monitor = (pulumi.runtime as unknown as { getMonitor(): any }).getMonitor();
  monitor.registerResource = (req: any, cb: any) => {
    mocks.noteParent(req.getType(), req.getName(), req.getParent(), req.getProtect?.() === true);
    mocks.noteDependencies(req.getType(), req.getName(), req.getDependenciesList?.() ?? []);
    mocks.noteAliases(req.getType(), req.getName(), [
      ...(req.getAliasesList?.() ?? []),
      ...(req.getAliasurnsList?.() ?? []).map((urn: string) => ({ getUrn: () => urn })),
    ]);
    void leanRegisterResource(monitor, mocks, req, cb);
  };
}
