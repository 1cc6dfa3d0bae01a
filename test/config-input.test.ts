/**
 * Config input (issue 12): the address text policy on every address field, every problem at
 * once per field, messages in the project's words, config keys, Kubernetes names, the service
 * CIDR blocks, reserved ASNs and the customer gateway address.
 */
import { strict as assert } from "node:assert";
import { addressTextProblem, buildPlan, formatProblem, planFromRawConfig } from "../components/plan";
import { readRawConfig } from "../stacks/load-plan";
import { editedConfig } from "./helpers/raw-config";

/** A day on which the checked-in stacks' Kubernetes version is in standard support. */
const NOW = new Date("2026-11-29T12:00:00Z");

function lines(edit: (c: Record<string, any>) => void, severity: "error" | "warning" = "error", stack = "dev"): string[] {
  return planFromRawConfig(editedConfig(stack, edit), { now: NOW })
    .problems.filter((p) => (p.severity ?? "error") === severity)
    .map(formatProblem);
}

function expectLine(edit: (c: Record<string, any>) => void, re: RegExp, severity: "error" | "warning" = "error", stack = "dev"): void {
  const got = lines(edit, severity, stack);
  assert.ok(
    got.some((l) => re.test(l)),
    `expected ${severity} ${re}; got:\n${got.join("\n") || "(none)"}`,
  );
}

/** Every address field of the dev stack (or a field the edit first adds), with a setter. */
const ADDRESS_FIELDS: { key: string; stack?: string; set: (c: Record<string, any>, v: string) => void }[] = [
  { key: "vpc.cidr", set: (c, v) => (c.vpc.cidr = v) },
  {
    key: "vpc.existingCidrs[0]",
    set: (c, v) => {
      delete c.vpc.cidr;
      Object.assign(c.vpc, {
        existingVpcId: "vpc-0abc",
        existingCidrs: [v],
        existingPrivateSubnetIds: ["subnet-01", "subnet-02"],
        existingPrivateRouteTableIds: ["rtb-01"],
        existingSubnetsTagged: true,
      });
    },
  },
  { key: "cluster.serviceCidr", set: (c, v) => (c.cluster.serviceCidr = v) },
  { key: "onPrem.nodeCidrs[0]", set: (c, v) => (c.onPrem.nodeCidrs[0] = v) },
  { key: "onPrem.podCidrs[0]", set: (c, v) => (c.onPrem.podCidrs[0] = v) },
  { key: "onPrem.customerGatewayIp", set: (c, v) => (c.onPrem.customerGatewayIp = v) },
  { key: "onPrem.tunnelInsideCidrs[0]", set: (c, v) => (c.onPrem.tunnelInsideCidrs = [v]) },
  { key: "router.address", set: (c, v) => (c.router.address = v) },
  { key: "nodes[0].ip", set: (c, v) => (c.nodes[0].ip = v) },
  { key: "nodes[0].podCidr", set: (c, v) => (c.nodes[0].podCidr = v) },
  { key: "loadBalancing.metallb.addressPools[0].addresses[0]", set: (c, v) => (c.loadBalancing.metallb.addressPools[0].addresses[0] = v) },
];

/** Spellings of a canonical value and the exact words the policy must use for each. */
const SPELLINGS: { spell: (v: string) => string; says: RegExp }[] = [
  { spell: (v) => ` ${v}`, says: /has a leading space$/ },
  { spell: (v) => `${v}\t`, says: /has a trailing tab$/ },
  { spell: (v) => `${v}\n`, says: /has a trailing newline$/ },
  { spell: (v) => `${v}\u00a0`, says: /has a trailing non-breaking space \(U\+00A0\)$/ },
  { spell: (v) => `${v.slice(0, 3)}\t${v.slice(3)}`, says: /has a tab at position 4$/ },
  { spell: (v) => `\ufeff${v}`, says: /has a leading byte order mark \(U\+FEFF\)$/ },
];

describe("config input: address text policy", () => {
  const canonical: Record<string, string> = {};
  before(() => {
    const plan = buildPlan(
      editedConfig("dev", () => {}),
      { now: NOW },
    );
    canonical["vpc.cidr"] = plan.vpcCidrs[0];
  });

  for (const field of ADDRESS_FIELDS) {
    it(`${field.key}: odd spellings are refused naming the character, nothing is trimmed`, () => {
      const value = field.key.includes("tunnel")
        ? "169.254.10.0/30"
        : field.key.includes("addresses")
          ? "192.168.200.201-192.168.200.220"
          : "10.250.0.0/16";
      for (const { spell, says } of SPELLINGS) {
        const odd = spell(value);
        const got = lines((c) => field.set(c, odd));
        const mine = got.filter((l) => l.startsWith(`${field.key}: `));
        assert.equal(mine.length, 1, `one problem for ${JSON.stringify(odd)} at ${field.key}; got:\n${got.join("\n")}`);
        assert.match(mine[0], says);
        // The value is shown quoted with escapes, so the invisible character is visible.
        assert.ok(mine[0].startsWith(`${field.key}: ${JSON.stringify(odd)} `), mine[0]);
      }
    });
  }

  it("leading zeros are refused with the number that carries them", () => {
    assert.match(addressTextProblem("10.0.0.0/08")!, /has a leading zero in \/08/);
    assert.match(addressTextProblem("010.0.0.0/8")!, /has a leading zero in the number 010/);
    assert.match(addressTextProblem("192.168.200.01")!, /has a leading zero in the number 01/);
    assert.match(addressTextProblem("192.168.200.1-192.168.200.020")!, /leading zero in the number 020/);
    for (const ok of ["0.0.0.0/0", "10.0.0.0/8", "192.168.200.201-192.168.200.220", "100.64.0.0/10"])
      assert.equal(addressTextProblem(ok), undefined, ok);
    expectLine((c) => (c.cluster.serviceCidr = "172.16.0.0/016"), /^cluster\.serviceCidr: 172\.16\.0\.0\/016 has a leading zero in \/016/);
  });

  it("the plan carries exactly the text the config gave (canonical), never a cleaned copy", () => {
    const plan = buildPlan(
      editedConfig("dev", () => {}),
      { now: NOW },
    );
    assert.equal(plan.cluster.serviceCidr, "172.16.0.0/16");
    assert.equal(plan.vpcCidrs[0], canonical["vpc.cidr"]);
    assert.equal(plan.nodes[0].ip, "192.168.200.11");
    assert.equal(plan.vpn.customerGatewayIp, "203.0.113.10");
  });
});

describe("config input: every problem at once, per field", () => {
  it("a wrong-typed customerGatewayAsn does not hide a public pod CIDR next to it", () => {
    const got = lines((c) => {
      c.onPrem.customerGatewayAsn = "65000";
      c.onPrem.podCidrs = ["192.16.32.0/23"];
    });
    assert.ok(
      got.some((l) => /^onPrem\.customerGatewayAsn: 65000 is a string; expected a number/.test(l)),
      got.join("\n"),
    );
    assert.ok(
      got.some((l) => /^onPrem\.podCidrs\[0\]: 192\.16\.32\.0\/23 is public/.test(l)),
      got.join("\n"),
    );
  });

  it("one bad node field hides neither the node's other fields nor the other nodes", () => {
    const got = lines((c) => {
      c.nodes[0].ip = 11;
      c.nodes[0].labels = { "node-role.kubernetes.io/worker": "" };
      c.nodes[1].ip = "192.168.201.12";
      c.cni.podBlockPrefix = 31;
      c.router.kind = "cisco";
    });
    for (const re of [
      /^nodes\[0\]\.ip: 11 is a whole number; expected text/,
      /^nodes\[0\]\.labels\.node-role\.kubernetes\.io\/worker: .* kubelet/,
      /^nodes\[1\]\.ip: 192\.168\.201\.12 is outside the remote node CIDRs/,
      /^cni\.podBlockPrefix: 31 must be at most 30$/,
      /^router\.kind: cisco is not one of `vyos`, `frr`$/,
    ])
      assert.ok(
        got.some((l) => re.test(l)),
        `${re} in:\n${got.join("\n")}`,
      );
  });

  it("messages are in the project's words: no validator jargon", () => {
    const got = lines((c) => {
      c.cni.podBlockPrefix = 31;
      c.vpc.azCount = 1;
      c.onPrem.podCidrs = [];
      c.onPrem.tunnelInsideCidrs = ["169.254.10.0/30", "169.254.11.0/30", "169.254.12.0/30"];
      c.cluster.endpointAccess = "both";
      c.protect = "yes";
    });
    for (const l of got) assert.doesNotMatch(l, /Too (big|small)|Invalid input|expected number to be|<=|>=/, l);
    for (const re of [
      /azCount: 1 must be at least 2$/,
      /podCidrs: \[\] is empty; list at least one entry/,
      /tunnelInsideCidrs: .* has more than 2 entries/,
      /protect: yes is a string; expected true or false/,
    ])
      assert.ok(
        got.some((l) => re.test(l)),
        `${re} in:\n${got.join("\n")}`,
      );
  });

  it("an unquoted 1.30 (YAML's number 1.3) gets the hint to quote it", () => {
    expectLine(
      (c) => (c.cluster.kubernetesVersion = 1.3),
      /^cluster\.kubernetesVersion: 1\.3 is a number, expected text: YAML reads an unquoted 1\.30 as the number 1\.3, so quote it \(kubernetesVersion: "1\.30"\)/,
    );
  });

  it("the region is named as the user writes it (aws:region); long values are shortened", () => {
    expectLine((c) => (c.region = "US West 2"), /^aws:region: "US West 2" must be an AWS region/);
    const long = "x".repeat(500);
    const got = lines((c) => (c.cluster.name = long));
    const line = got.find((l) => l.startsWith("cluster.name: "))!;
    assert.ok(line.length < 200, line);
    assert.match(line, /… \(500 characters\)/);
  });
});

describe("config input: keys", () => {
  it("unknown and malformed keys are errors, through readRawConfig as the runtime hands them over", () => {
    const raw = readRawConfig({
      "aws:region": "us-west-2",
      "aws:profile": "lab",
      "eks-hybrid-network:cluster:extra": '{"a":1}',
      "eks-hybrid-network:clutser": "{}",
      "eks-hybrid-network:vpnTunnel1PresharedKey": "s3cret",
    });
    assert.equal(raw.region, "us-west-2");
    assert.equal("vpnTunnel1PresharedKey" in raw, false);
    const got = planFromRawConfig({ ...editedConfig("dev", () => {}), ...raw }, { now: NOW }).problems.map(formatProblem);
    assert.ok(
      got.some((l) => /^eks-hybrid-network:cluster:extra: .* is a malformed config key .* the Pulumi CLI refuses it/.test(l)),
      got.join("\n"),
    );
    assert.ok(
      got.some((l) => /^eks-hybrid-network:clutser: \{\} is not a known config key/.test(l)),
      got.join("\n"),
    );
    assert.ok(!got.some((l) => l.includes("aws:profile")), "other namespaces are not ours to judge");
  });
});

describe("config input: Kubernetes names", () => {
  it("node names are DNS-1123 subdomains of at most 63 characters (label value and pool name)", () => {
    for (const bad of ["Node-01", "node_01", "a..b", "a.-b", "-a", "a-", "n".repeat(64)])
      expectLine((c) => (c.nodes[0].name = bad), new RegExp(`^nodes\\[0\\]\\.name: `));
    for (const ok of ["node-01", "n1.rack-2", "n".repeat(63)])
      assert.deepEqual(
        lines((c) => (c.nodes[0].name = ok)),
        [],
        ok,
      );
    expectLine((c) => (c.nodes[0].registeredName = "mi-0123..x"), /^nodes\[0\]\.registeredName: mi-0123\.\.x is not a DNS-1123 subdomain/);
  });
  // A load balancer pool name is the IPAddressPool / CiliumLoadBalancerIPPool name and, for a
  // Cilium pool that does not auto-assign, a label value: a DNS-1123 label, 1–63 characters
  // (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names).
  it("load balancer pool names are DNS-1123 labels of at most 63 characters", () => {
    const metallb = (name: string) => (c: Record<string, any>) => (c.loadBalancing.metallb.addressPools[0].name = name);
    const cilium = (name: string) => (c: Record<string, any>) => (c.loadBalancing.ciliumLbIpam.addressPools[0].name = name);
    for (const bad of ["Pool", "pool_1", "pool.a", "-p", "p".repeat(64)]) {
      expectLine(metallb(bad), /^loadBalancing\.metallb\.addressPools\[0\]\.name: /);
      expectLine(cilium(bad), /^loadBalancing\.ciliumLbIpam\.addressPools\[0\]\.name: /, "error", "ciliumlb");
    }
    expectLine(metallb("p".repeat(64)), /p{59}… \(64 characters\) is longer than 63 characters; a pool name is a DNS-1123 label/);
    for (const ok of ["pool-1", "p".repeat(63)]) {
      assert.deepEqual(lines(metallb(ok)), [], ok);
      assert.deepEqual(lines(cilium(ok), "error", "ciliumlb"), [], ok);
    }
  });
});

describe("config input: AWS rules", () => {
  it("service CIDR inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (EKS KubernetesNetworkConfigRequest)", () => {
    for (const bad of ["100.64.0.0/16", "172.32.0.0/16", "11.0.0.0/16", "192.169.0.0/16"])
      expectLine((c) => (c.cluster.serviceCidr = bad), /is not inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/);
    for (const ok of ["172.31.0.0/16", "10.100.0.0/16", "192.168.128.0/24"])
      assert.deepEqual(
        lines((c) => (c.cluster.serviceCidr = ok)),
        [],
        ok,
      );
  });

  it("reserved ASNs: 7224 everywhere, the region's customer-gateway ASNs, 65535 and 4294967295 (RFC 7300)", () => {
    expectLine((c) => (c.router.asn = 7224), /^router\.asn: 7224 is reserved by AWS in every Region/);
    expectLine((c) => (c.onPrem.customerGatewayAsn = 7224), /^onPrem\.customerGatewayAsn: 7224 is reserved by AWS in every Region/);
    expectLine((c) => (c.router.asn = 65535), /^router\.asn: 65535 is reserved .*RFC 7300/);
    expectLine((c) => (c.router.asn = 4294967295), /^router\.asn: 4294967295 is reserved .*RFC 7300/);
    const euWest1 = (asn: number) => (c: Record<string, any>) => {
      c.region = "eu-west-1";
      c.onPrem.customerGatewayAsn = asn;
    };
    expectLine(euWest1(9059), /^onPrem\.customerGatewayAsn: 9059 is reserved by AWS in eu-west-1/);
    assert.deepEqual(lines(euWest1(10124)), [], "10124 is reserved only in ap-northeast-1");
    expectLine((c) => ((c.region = "ap-northeast-1"), (c.onPrem.customerGatewayAsn = 10124)), /10124 is reserved by AWS in ap-northeast-1/);
    expectLine((c) => ((c.region = "ap-southeast-1"), (c.onPrem.customerGatewayAsn = 17943)), /17943 is reserved by AWS in ap-southeast-1/);
  });

  it("the customer gateway address is public unicast IPv4; a documentation address is a warning", () => {
    const refused: [string, RegExp][] = [
      ["10.1.2.3", /private \(RFC 1918\)/],
      ["172.20.0.1", /private/],
      ["192.168.1.1", /private/],
      ["100.64.0.1", /carrier-grade NAT/],
      ["127.0.0.1", /loopback/],
      ["0.0.0.0", /unspecified/],
      ["169.254.1.1", /link-local/],
      ["224.0.0.5", /multicast/],
      ["255.255.255.255", /broadcast/],
      ["198.18.0.1", /benchmarking/],
    ];
    for (const [ip, what] of refused)
      expectLine(
        (c) => (c.onPrem.customerGatewayIp = ip),
        new RegExp(`^onPrem\\.customerGatewayIp: ${ip.replace(/\./g, "\\.")} is .*${what.source}`),
      );
    expectLine((c) => (c.onPrem.customerGatewayIp = "198.51.100.7"), /is a documentation \(TEST-NET-2, RFC 5737\) address/, "warning");
    for (const ok of ["52.94.76.1", "8.8.4.4", "100.128.0.1", "172.32.0.1"])
      assert.deepEqual(
        lines((c) => (c.onPrem.customerGatewayIp = ok)),
        [],
        ok,
      );
  });
});
