/**
 * Property test (issue 12): mutations of the checked-in stacks against an INDEPENDENT oracle.
 * The oracle below is written from the AWS and RFC rules themselves (its own IPv4 arithmetic,
 * its own copy of the documented tables) and imports nothing from components/plan. For every
 * mutation: planning never throws, no message carries a stack trace, an input the oracle calls
 * invalid is refused with an error naming the mutated key, and one it calls valid gets a plan.
 *
 * Sources of the oracle's facts:
 * - EKS `KubernetesNetworkConfigRequest.serviceIpv4Cidr`: inside 10.0.0.0/8, 172.16.0.0/12 or
 *   192.168.0.0/16, /12 to /24, no overlap with the VPC.
 * - EKS hybrid nodes networking: remote node/pod CIDRs RFC 1918 or 100.64.0.0/10, no overlaps.
 * - EKS release calendar (kubernetes-versions.html), copied here as the table's dates.
 * - VPN customer gateway options (cgw-options.html): ASN 1–4294967295 (BgpAsn ≤ 2147483647, the
 *   field this program sets), 7224 reserved everywhere, 9059 eu-west-1, 10124 ap-northeast-1,
 *   17943 ap-southeast-1; RFC 6793 AS_TRANS 23456; RFC 7300 65535 and 4294967295.
 * - RFC 6890 special-purpose IPv4 blocks (not public unicast); RFC 5737 documentation blocks.
 * - SSM CreateActivation: ExpirationDate up to 30 days ahead.
 * - Kubernetes DNS-1123 subdomain: lower-case alphanumerics, '-', '.', alphanumeric at both ends
 *   of each dot-separated label; a node name is also a label value (at most 63 characters).
 * - CNI × Kubernetes: the Kubernetes versions each CNI line is tested with — Calico: "We test
 *   Calico <line> against the following Kubernetes versions" on
 *   https://docs.tigera.io/calico/<line>/getting-started/kubernetes/requirements (3.29: 1.29–1.32,
 *   3.30: 1.31–1.35, 3.31: 1.32–1.35, 3.32: 1.34–1.36); Cilium: "Kubernetes Compatibility"
 *   (https://docs.cilium.io/en/v<line>/network/kubernetes/compatibility/; 1.16: 1.27–1.30,
 *   1.17: 1.29–1.32, 1.18: 1.30–1.33, 1.19: 1.32–1.35). AWS supports its Cilium build of
 *   v1.17.x/v1.18.x "for every Kubernetes version supported in Amazon EKS" (hybrid-nodes-cni.html)
 *   and names a 1.19.2-1 build (hybrid-nodes-gateway-cni.html). Outside the tested versions is a
 *   warning (upstream: "may work"); the program installs Calico 3.29/3.30 and Cilium 1.16–1.19.
 * - The EKS Hybrid Nodes gateway needs Cilium's VTEP: AWS builds 1.17.13-1, 1.18.8-1, 1.19.2-1 or
 *   later in their line (hybrid-nodes-gateway-cni.html).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { formatProblem, planFromRawConfig } from "../components/plan";
import { rawConfigOf } from "./helpers/raw-config";
import {
  asnValid,
  B,
  block,
  cniCompatWarns,
  cniVersionValid,
  Config,
  dns1123Subdomain,
  DOCUMENTATION,
  EKS,
  ip,
  meets,
  NEWEST_KNOWN,
  NOT_PUBLIC,
  PRIVATE,
  Range,
  within,
} from "./helpers/config-oracle";

const NOW = new Date("2026-11-29T12:00:00Z");
const DAY = 86_400_000;

// ---- mutations: each says which key it touched and whether the result is valid ----
interface Mutation {
  readonly key: string;
  readonly describe: string;
  apply(c: Config): void;
  valid(c: Config): boolean;
  /** Whether a Kubernetes-compatibility warning on cni.version is expected (unchecked when absent). */
  warnsCni?(c: Config): boolean;
}

const networksOf = (c: Config): Range[] =>
  [...c.onPrem.nodeCidrs, ...c.onPrem.podCidrs, ...(c.vpc.cidr ? [c.vpc.cidr] : (c.vpc.existingCidrs ?? []))].map(B);

const octet = fc.integer({ min: 0, max: 255 });
const anyIp = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
const anyCidr = fc.tuple(anyIp, fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`);
const alignedCidr = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 28 })).map(([n, p]) => {
  const size = 2 ** (32 - p);
  const base = n - (n % size);
  return `${[base >>> 24, (base >>> 16) & 255, (base >>> 8) & 255, base & 255].join(".")}/${p}`;
});
const oddSpelling = fc.constantFrom(
  (v: string) => ` ${v}`,
  (v: string) => `${v} `,
  (v: string) => `${v}\n`,
  (v: string) => `\t${v}`,
  (v: string) => `${v}\u00a0`,
  (v: string) => v.replace(".", "\u200b."),
  (v: string) => v.replace(/^(\d+)/, "0$1"),
  (v: string) => (v.includes("/") ? v.replace(/\/(\d+)$/, "/0$1") : v.replace(/(\d+)$/, "0$1")),
);

const ADDRESS_KEYS: [string, (c: Config) => string, (c: Config, v: string) => void][] = [
  ["cluster.serviceCidr", (c) => c.cluster.serviceCidr, (c, v) => (c.cluster.serviceCidr = v)],
  ["onPrem.nodeCidrs[0]", (c) => c.onPrem.nodeCidrs[0], (c, v) => (c.onPrem.nodeCidrs[0] = v)],
  ["onPrem.podCidrs[0]", (c) => c.onPrem.podCidrs[0], (c, v) => (c.onPrem.podCidrs[0] = v)],
  ["onPrem.customerGatewayIp", (c) => c.onPrem.customerGatewayIp, (c, v) => (c.onPrem.customerGatewayIp = v)],
  ["router.address", (c) => c.router.address, (c, v) => (c.router.address = v)],
  ["nodes[0].ip", (c) => c.nodes[0].ip, (c, v) => (c.nodes[0].ip = v)],
  ["vpc.cidr", (c) => c.vpc.cidr, (c, v) => (c.vpc.cidr = v)],
];

const WRONG_TYPES = fc.constantFrom<unknown>(null, 7, -1.5, true, "text", [], {}, ["a"]);
const LEAVES: [string, string, (c: Config, v: unknown) => void][] = [
  ["onPrem.customerGatewayAsn", "number", (c, v) => (c.onPrem.customerGatewayAsn = v)],
  ["router.asn", "number", (c, v) => (c.router.asn = v)],
  ["cluster.name", "string", (c, v) => (c.cluster.name = v)],
  ["cni.kind", "enum", (c, v) => (c.cni.kind = v)],
  ["vpc.azCount", "number", (c, v) => (c.vpc.azCount = v)],
  ["onPrem.nodeCidrs", "list", (c, v) => (c.onPrem.nodeCidrs = v)],
  ["nodes[1].name", "string", (c, v) => (c.nodes[1].name = v)],
  ["protect", "boolean", (c, v) => (c.protect = v)],
];
const typeOk = (want: string, v: unknown, key: string) =>
  want === "number"
    ? typeof v === "number" && Number.isInteger(v)
    : want === "string"
      ? typeof v === "string" && (key !== "cluster.name" || /^[0-9A-Za-z][A-Za-z0-9_-]*$/.test(v))
      : want === "boolean"
        ? typeof v === "boolean"
        : want === "list"
          ? false // every wrong-typed value differs from a list of CIDR texts
          : false;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Odd spellings of any address field are refused (never trimmed).
  fc.tuple(fc.constantFrom(...ADDRESS_KEYS), oddSpelling).map(([[key, get, set], spell]) => ({
    key,
    describe: `odd spelling of ${key}`,
    apply: (c: Config) => set(c, spell(get(c))),
    valid: () => false,
  })),
  // Any CIDR as the service CIDR.
  fc.oneof(anyCidr, alignedCidr).map((v) => ({
    key: "cluster.serviceCidr",
    describe: `serviceCidr ${v}`,
    apply: (c: Config) => (c.cluster.serviceCidr = v),
    valid: (c: Config) => {
      const r = block(v);
      if (!r) return false;
      const prefix = Number(v.split("/")[1]);
      return prefix >= 12 && prefix <= 24 && PRIVATE.some((p) => within(r, p)) && !networksOf(c).some((n) => meets(n, r));
    },
  })),
  // A public CIDR as the remote pod network is refused.
  alignedCidr
    .filter((v) => ![...PRIVATE, B("100.64.0.0/10")].some((p) => meets(B(v), p)))
    .map((v) => ({
      key: "onPrem.podCidrs[0]",
      describe: `public pod CIDR ${v}`,
      apply: (c: Config) => (c.onPrem.podCidrs = [v]),
      valid: () => false,
    })),
  // ASNs, including the reserved ones.
  fc
    .tuple(
      fc.constantFrom("router" as const, "cgw" as const),
      fc.oneof(
        fc.constantFrom(
          0,
          1,
          7224,
          9059,
          10124,
          17943,
          23456,
          64512,
          65000,
          65534,
          65535,
          2147483647,
          2147483648,
          4294967294,
          4294967295,
          4294967296,
          -5,
          1.5,
        ),
        fc.integer({ min: 1, max: 4294967295 }),
      ),
      fc.constantFrom("us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-1"),
    )
    .map(([use, asn, region]) => ({
      key: use === "router" ? "router.asn" : "onPrem.customerGatewayAsn",
      describe: `${use} ASN ${asn} in ${region}`,
      apply: (c: Config) => {
        c.region = region;
        if (c.vpc.availabilityZones) c.vpc.availabilityZones = c.vpc.availabilityZones.map((z: string) => region + z.slice(-1));
        if (use === "router") c.router.asn = asn;
        else c.onPrem.customerGatewayAsn = asn;
      },
      valid: (c: Config) => asnValid(asn, use, c),
    })),
  // Kubernetes versions as text or as YAML's unquoted number.
  fc.tuple(fc.integer({ min: 20, max: 40 }), fc.boolean()).map(([minor, quoted]) => ({
    key: "cluster.kubernetesVersion",
    describe: `kubernetesVersion ${quoted ? `"1.${minor}"` : `1.${minor} (number)`}`,
    apply: (c: Config) => (c.cluster.kubernetesVersion = quoted ? `1.${minor}` : Number(`1.${minor}`)),
    valid: () => {
      if (!quoted) return false;
      const dates = EKS[`1.${minor}`];
      if (dates) return NOW.toISOString().slice(0, 10) < dates[1];
      return minor >= NEWEST_KNOWN; // 1.36 (live), and newer ones only warn
    },
    warnsCni: (c: Config) => quoted && cniCompatWarns(c),
  })),
  // CNI chart versions of both kinds' lines, known and unknown, with the stack's Kubernetes version.
  fc
    .tuple(
      fc.constantFrom("3.28.0", "3.29.2", "3.30.1", "3.31.0", "3.32.1", "4.0.0"),
      fc.constantFrom("1.15.0", "1.16.7", "1.17.9-0", "1.17.13-1", "1.18.3-0", "1.18.8-1", "1.18.9-0", "1.19.2-1", "1.20.0-0"),
      fc.integer({ min: 35, max: 36 }),
    )
    .map(([calico, cilium, minor]) => ({
      key: "cni.version",
      describe: `cni.version ${calico}/${cilium} on 1.${minor}`,
      apply: (c: Config) => {
        c.cni.version = c.cni.kind === "calico" ? calico : cilium;
        c.cluster.kubernetesVersion = `1.${minor}`;
      },
      valid: (c: Config) => cniVersionValid(c),
      warnsCni: (c: Config) => cniCompatWarns(c),
    })),
  // SSM activation expiry around now.
  fc.integer({ min: -40 * 24, max: 60 * 24 }).map((hours) => {
    const iso = new Date(NOW.getTime() + hours * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    return {
      key: "cluster.ssmActivationExpiry",
      describe: `ssmActivationExpiry ${iso}`,
      apply: (c: Config) => (c.cluster.ssmActivationExpiry = iso),
      valid: (c: Config) => (c.cluster.nodeCredentials ?? "ssm") === "ssm" && hours > 0 && hours * 3_600_000 <= 30 * DAY,
    };
  }),
  // The customer gateway address.
  anyIp.map((v) => ({
    key: "onPrem.customerGatewayIp",
    describe: `customerGatewayIp ${v}`,
    apply: (c: Config) => (c.onPrem.customerGatewayIp = v),
    valid: () => !NOT_PUBLIC.some((r) => within([ip(v)!, ip(v)!], r)) || DOCUMENTATION.some((r) => within([ip(v)!, ip(v)!], r)),
  })),
  // Node names.
  fc
    .oneof(
      fc.stringMatching(/^[a-z0-9][-a-z0-9.]{0,70}[a-z0-9]$/),
      fc.string({ minLength: 0, maxLength: 12 }),
      fc.constantFrom("Node-1", "node_1", "a..b", "-a", "a-", "n".repeat(63), "n".repeat(64)),
    )
    .map((name) => ({
      key: "nodes[0].name",
      describe: `node name ${JSON.stringify(name)}`,
      apply: (c: Config) => (c.nodes[0].name = name),
      valid: (c: Config) => dns1123Subdomain(name) && name.length <= 63 && !c.nodes.slice(1).some((n: Config) => n.name === name),
    })),
  // Wrong types in a field.
  fc.tuple(fc.constantFrom(...LEAVES), WRONG_TYPES).map(([[key, want, set], v]) => ({
    key,
    describe: `${key} = ${JSON.stringify(v)}`,
    apply: (c: Config) => set(c, v),
    valid: () => typeOk(want, v, key) && (key !== "vpc.azCount" || ((v as number) >= 2 && (v as number) <= 4)),
  })),
  // Out-of-range numbers.
  fc.integer({ min: -3, max: 8 }).map((n) => ({
    key: "vpc.azCount",
    describe: `azCount ${n}`,
    apply: (c: Config) => (c.vpc.azCount = n),
    valid: (c: Config) => n >= 2 && n <= 4 && (!c.vpc.availabilityZones || c.vpc.availabilityZones.length >= n),
  })),
  // Unknown keys.
  fc
    .tuple(fc.constantFrom("cluster", "onPrem", "router", "cni"), fc.constantFrom("extra", "podCidr", "asN", "Name"))
    .map(([section, k]) => ({
      key: `${section}.${k}`,
      describe: `unknown key ${section}.${k}`,
      apply: (c: Config) => (c[section][k] = 1),
      valid: () => false,
    })),
);

describe("config input against an independent oracle (property)", () => {
  for (const stack of ["dev", "prod", "calicobgp", "ciliumlb", "cilium116", "cilium117", "gateway", "nopodroute"]) {
    it(`${stack}: mutations never crash, never leak a stack trace, and are accepted exactly when valid`, () => {
      const base = rawConfigOf(stack);
      assert.ok(planFromRawConfig(structuredClone(base), { now: NOW }).plan, `${stack} plans unchanged`);
      fc.assert(
        fc.property(mutation, (m) => {
          const c = structuredClone(base);
          m.apply(c);
          const expectValid = m.valid(c);
          let result;
          try {
            result = planFromRawConfig(c, { now: NOW });
          } catch (e) {
            assert.fail(`${m.describe}: planning threw ${(e as Error).stack}`);
          }
          const lines = result.problems.map(formatProblem);
          for (const l of lines) {
            assert.doesNotMatch(l, /\n\s+at |\.ts:\d+|internal error/, `${m.describe}: ${l}`);
          }
          const errors = result.problems.filter((p) => (p.severity ?? "error") === "error").map(formatProblem);
          if (m.warnsCni) {
            const compat = result.problems.filter((p) => p.key === "cni.version" && p.severity === "warning" && /Kubernetes/.test(p.rule));
            assert.equal(
              compat.length > 0,
              m.warnsCni(c),
              `${m.describe}: CNI × Kubernetes warning expected ${m.warnsCni(c)}:\n${lines.join("\n")}`,
            );
          }
          if (expectValid) {
            assert.ok(result.plan, `${m.describe}: valid per the oracle, but refused:\n${errors.join("\n")}`);
          } else {
            assert.equal(result.plan, undefined, `${m.describe}: invalid per the oracle, but accepted`);
            assert.ok(
              errors.some((l) => l.includes(m.key)),
              `${m.describe}: no error names ${m.key}:\n${errors.join("\n")}`,
            );
          }
        }),
        { numRuns: propertyRuns(stack === "dev" || stack === "prod" ? 400 : 150), seed: 12 },
      );
    });
  }
});
