import { strict as assert } from "node:assert";
import { formatProblem, planFromRawConfig } from "../components/plan";
import { editedConfig, rawConfigOf } from "./helpers/raw-config";

/** Every error line of planning the dev config with `edit` applied. */
function problemsOf(edit: (c: Record<string, any>) => void, stack = "dev"): string[] {
  const r = planFromRawConfig(editedConfig(stack, edit));
  return r.problems.filter((p) => (p.severity ?? "error") === "error").map(formatProblem);
}

function expectProblem(edit: (c: Record<string, any>) => void, ...patterns: RegExp[]): void {
  const lines = problemsOf(edit);
  for (const re of patterns)
    assert.ok(
      lines.some((l) => re.test(l)),
      `expected a problem matching ${re}; got:\n${lines.join("\n") || "(none)"}`,
    );
}

describe("stack config validation (one failing config per rule)", () => {
  it("the checked-in dev and prod configs have no problems", () => {
    assert.deepEqual(
      problemsOf(() => {}),
      [],
    );
    assert.deepEqual(
      problemsOf(() => {}, "prod"),
      [],
    );
  });

  it("remote pod CIDR outside RFC 1918 / CGNAT (the article's 192.16.32.0/23)", () => {
    expectProblem(
      (c) => (c.onPrem.podCidrs = ["192.16.32.0/23"]),
      /^onPrem\.podCidrs\[0\]: 192\.16\.32\.0\/23 is public \(not RFC 1918 or 100\.64\.0\.0\/10\)/,
    );
  });
  it("remote node CIDR outside RFC 1918 / CGNAT", () => {
    expectProblem((c) => (c.onPrem.nodeCidrs = ["203.0.113.0/24"]), /^onPrem\.nodeCidrs\[0\]: 203\.0\.113\.0\/24 is public/);
  });
  it("remote CIDR prefix shorter than /8", () => {
    expectProblem(
      (c) => (c.onPrem.podCidrs = ["0.0.0.0/4"]),
      /onPrem\.podCidrs\[0\]: 0\.0\.0\.0\/4 is a \/4; remote pod CIDRs must be \/8 to \/32/,
    );
  });
  it("malformed CIDR, quoted as given", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["192.168.32.0/23x"]), /onPrem\.podCidrs\[0\]: 192\.168\.32\.0\/23x is not an IPv4 CIDR/);
  });
  it("IPv6 remote network", () => {
    expectProblem(
      (c) => (c.onPrem.podCidrs = ["fd00:10::/56"]),
      /onPrem\.podCidrs\[0\]: fd00:10::\/56 is IPv6; EKS hybrid nodes support IPv4 only/,
    );
  });
  it("node and pod networks overlap", () => {
    expectProblem(
      (c) => (c.onPrem.podCidrs = ["192.168.200.0/23"]),
      /overlaps .*node, pod, VPC and service networks must not share addresses/,
    );
  });
  it("remote network overlaps the VPC", () => {
    expectProblem(
      (c) => (c.onPrem.nodeCidrs = ["10.250.200.0/24"]),
      /onPrem\.nodeCidrs\[0\]: 10\.250\.200\.0\/24 \(remote node CIDR\) overlaps 10\.250\.0\.0\/16 \(VPC CIDR, vpc\.cidr\)/,
    );
  });
  it("remote network overlaps the service CIDR", () => {
    expectProblem(
      (c) => (c.cluster.serviceCidr = "192.168.32.0/24"),
      /192\.168\.32\.0\/24 \(service CIDR\) overlaps|overlaps 192\.168\.32\.0\/24 \(service CIDR/,
    );
  });
  it("node IP outside the node CIDRs", () => {
    expectProblem(
      (c) => (c.nodes[1].ip = "192.168.201.12"),
      /^nodes\[1\]\.ip: 192\.168\.201\.12 is outside the remote node CIDRs \(192\.168\.200\.0\/24\)/,
    );
  });
  it("node IP is the network or broadcast address", () => {
    expectProblem(
      (c) => (c.nodes[0].ip = "192.168.200.0"),
      /nodes\[0\]\.ip: 192\.168\.200\.0 is the network address of 192\.168\.200\.0\/24/,
    );
    expectProblem((c) => (c.nodes[0].ip = "192.168.200.255"), /is the broadcast address/);
  });
  it("duplicate node IPs and names", () => {
    expectProblem(
      (c) => (c.nodes[1].ip = c.nodes[0].ip),
      /nodes\[1\]\.ip: 192\.168\.200\.11 is also the IP of node-01; node IPs must be unique/,
    );
    expectProblem(
      (c) => (c.nodes[1].name = c.nodes[0].name),
      /nodes\[1\]\.name: node-01 is also the name of nodes\[0\]\.name; node names must be unique/,
    );
  });
  it("duplicate registered node names", () => {
    expectProblem((c) => {
      c.nodes[0].registeredName = "mi-0123456789abcdef0";
      c.nodes[1].registeredName = "mi-0123456789abcdef0";
    }, /^nodes\[1\]\.registeredName: mi-0123456789abcdef0 is also the registered name of node-01; two entries would patch the same Kubernetes node/);
  });
  it("router address outside the node network or on a node", () => {
    expectProblem((c) => (c.router.address = "192.168.100.254"), /^router\.address: 192\.168\.100\.254 is outside the remote node CIDRs/);
    expectProblem((c) => (c.router.address = "192.168.200.11"), /^router\.address: 192\.168\.200\.11 is also the IP of node node-01/);
  });
  it("pinned pod blocks outside the pod CIDRs or overlapping", () => {
    expectProblem((c) => (c.nodes[0].podCidr = "192.168.40.0/26"), /nodes\[0\]\.podCidr: 192\.168\.40\.0\/26 is outside the pod CIDRs/);
    expectProblem(
      (c) => (c.nodes[1].podCidr = "192.168.32.0/26"),
      /overlaps node-0[12]'s pod block 192\.168\.32\.0\/26; node pod blocks must be disjoint \(pin nodes\[[01]\]\.podCidr: 192\.168\.32\.64\/26\)/,
    );
  });
  it("capacity: more nodes than blocks, with the numbers", () => {
    expectProblem((c) => {
      c.nodes = Array.from({ length: 9 }, (_, i) => ({ name: `node-${i + 1}`, ip: `192.168.200.${i + 11}` }));
    }, /192\.168\.32\.0\/23 in \/26 blocks holds 8 nodes; 9 configured/);
  });
  it("LB pool outside the node network, over a node, the router or the pods", () => {
    const pool = (a: string) => (c: Record<string, any>) => (c.loadBalancing.metallb.addressPools[0].addresses = [a]);
    expectProblem(
      pool("192.168.201.1-192.168.201.20"),
      /addresses\[0\]: 192\.168\.201\.1-192\.168\.201\.20 is not inside the remote node CIDRs/,
    );
    expectProblem(pool("192.168.200.10-192.168.200.20"), /contains 192\.168\.200\.11, the address of node node-01/);
    expectProblem(pool("192.168.200.250-192.168.200.254"), /contains 192\.168\.200\.254, the address of the router/);
    expectProblem(pool("192.168.32.0/28"), /overlaps the pod CIDR 192\.168\.32\.0\/23/);
  });
  it("ASNs out of range", () => {
    expectProblem((c) => (c.router.asn = 0), /router\.asn: 0 is not a BGP ASN/);
    expectProblem((c) => (c.onPrem.customerGatewayAsn = 3000000000), /onPrem\.customerGatewayAsn: 3000000000 is above 2147483647/);
    expectProblem((c) => (c.onPrem.transitGatewayAsn = 65000.5), /onPrem\.transitGatewayAsn/);
    expectProblem((c) => (c.onPrem.transitGatewayAsn = 66000), /is not a private ASN \(64512–65534/);
  });
  it("static routing with a CNI that has no per-node pools (Cilium cluster-pool)", () => {
    expectProblem(
      (c) => (c.cni = { kind: "cilium", routing: "static" }),
      /^cni\.routing: static cannot be used with Cilium: .*use routing: bgp with Cilium, or Calico/,
    );
  });
  it("authentication mode without access entries", () => {
    expectProblem(
      (c) => (c.cluster.authenticationMode = "CONFIG_MAP"),
      /cluster\.authenticationMode: CONFIG_MAP is not an access-entry mode; hybrid nodes need authentication mode API or API_AND_CONFIG_MAP/,
    );
  });
  it("endpoint must be public or private, not both", () => {
    expectProblem((c) => (c.cluster.endpointAccess = "both"), /cluster\.endpointAccess: "both" .*"public"|cluster\.endpointAccess/);
  });
  it("unknown keys are errors, not silently ignored", () => {
    expectProblem((c) => (c.cni.kaffinity = {}), /^cni\.kaffinity: \{\} is not a known key/);
    expectProblem((c) => (c.onPremm = {}), /eks-hybrid-network:onPremm: \{\} is not a known config key/);
  });
  it("missing required values", () => {
    expectProblem((c) => delete c.cluster.serviceCidr, /^cluster\.serviceCidr: \(missing\) is required/);
  });
  it("adopted VPC without route tables for the remote networks", () => {
    const adopt = (c: Record<string, any>) => {
      c.vpc = {
        existingVpcId: "vpc-0abc",
        existingCidrs: ["10.250.0.0/16"],
        existingPrivateSubnetIds: ["subnet-0a", "subnet-0b"],
        existingSubnetsTagged: true,
      };
    };
    expectProblem(
      adopt,
      /^vpc\.existingPrivateRouteTableIds: \[\] must list at least one route table with vpc\.existingVpcId; otherwise no VPC route leads to the remote node and pod networks/,
    );
    assert.deepEqual(
      problemsOf((c) => {
        adopt(c);
        c.vpc.existingPrivateRouteTableIds = ["rtb-0a"];
      }),
      [],
    );
  });
  it("node label keys and values kubelet --node-labels refuses", () => {
    const label =
      (k: string, v = "x") =>
      (c: Record<string, any>) =>
        (c.nodes[0].labels = { [k]: v });
    expectProblem(
      label("node-role.kubernetes.io/worker", ""),
      /^nodes\[0\]\.labels\.node-role\.kubernetes\.io\/worker: node-role\.kubernetes\.io\/worker is in the kubernetes\.io\/k8s\.io namespace, .*node-role\.kubernetes\.io\/\* is not allowed\); nodeadm init would fail/,
    );
    expectProblem(
      label("example.k8s.io/team"),
      /labels\.example\.k8s\.io\/team: example\.k8s\.io\/team is in the kubernetes\.io\/k8s\.io namespace/,
    );
    expectProblem(label("-bad"), /labels\.-bad: -bad has the name -bad, which is not 1–63 characters .*qualified names/);
    expectProblem(label("Example.com/rack"), /has the prefix Example\.com, which is not a DNS subdomain/);
    expectProblem(label("a/b/c"), /: a\/b\/c has more than one '\/'/);
    expectProblem(label("rack", "x".repeat(64)), /^nodes\[0\]\.labels\.rack: x{59}… \(64 characters\) is not a label value/);
    expectProblem(label("rack", "a b"), /labels\.rack: "a b" is not a label value/);
    for (const ok of [
      "node.kubernetes.io/instance-type",
      "topology.kubernetes.io/zone",
      "x.kubelet.kubernetes.io/y",
      "example.com/rack",
      "rack",
    ]) {
      assert.deepEqual(problemsOf(label(ok, "")), [], ok);
    }
  });
  it("pool selector label: a qualified name, and no user label of that key", () => {
    expectProblem(
      (c) => (c.cni.poolSelectorLabel = "zone name"),
      /^cni\.poolSelectorLabel: "zone name" has the name "zone name", .*the pool selector label must be a Kubernetes qualified name/,
    );
    expectProblem(
      (c) => (c.cni.poolSelectorLabel = "node-role.kubernetes.io/pool"),
      /^cni\.poolSelectorLabel: node-role\.kubernetes\.io\/pool is in the kubernetes\.io\/k8s\.io namespace/,
    );
    expectProblem(
      (c) => (c.nodes[1].labels = { zone: "rack-2" }),
      /^nodes\[1\]\.labels\.zone: zone is the pool selector label \(cni\.poolSelectorLabel\); the plan sets it to the node name/,
    );
  });
  it("pinned pod block longer than the block prefix", () => {
    expectProblem(
      (c) => (c.nodes[0].podCidr = "192.168.32.0/27"),
      /^nodes\[0\]\.podCidr: 192\.168\.32\.0\/27 is a \/27, longer than cni\.podBlockPrefix \/26;.*blockSize 26/,
    );
    assert.deepEqual(
      problemsOf((c) => (c.nodes[0].podCidr = "192.168.33.0/25")),
      [],
      "a /25 holds two /26 blocks",
    );
  });
  it("duplicate load balancer pool names", () => {
    expectProblem(
      (c) => c.loadBalancing.metallb.addressPools.push({ name: "first-pool", addresses: ["192.168.200.230-192.168.200.240"] }),
      /^loadBalancing\.metallb\.addressPools\[1\]\.name: first-pool is also the name of loadBalancing\.metallb\.addressPools\[0\]\.name; MetalLB IPAddressPool names must be unique/,
    );
    const lines = problemsOf((c) => {
      c.cni = { kind: "cilium", routing: "bgp" };
      c.nodes.forEach((n: Record<string, unknown>) => delete n.podCidr);
      c.loadBalancing = {
        ciliumLbIpam: {
          enabled: true,
          addressPools: [
            { name: "lb", addresses: ["192.168.200.221-192.168.200.225"] },
            { name: "lb", addresses: ["192.168.200.226-192.168.200.230"] },
          ],
        },
      };
    });
    assert.deepEqual(lines, [
      "loadBalancing.ciliumLbIpam.addressPools[1].name: lb is also the name of loadBalancing.ciliumLbIpam.addressPools[0].name; CiliumLoadBalancerIPPool names must be unique (each becomes one resource of that name)",
    ]);
  });
  it("AWS Load Balancer Controller chart without hybrid-node support, or outside the carried IAM policies' lines", () => {
    const edit = (v: string) => (c: Record<string, any>) => (c.loadBalancing.awsLoadBalancerController = { enabled: true, version: v });
    expectProblem(
      edit("1.11.0"),
      /^loadBalancing\.awsLoadBalancerController\.version: 1\.11\.0 is older than chart 1\.14\.1 \(controller v2\.14\.1\), the first that resolves the pod ENIs of pods on hybrid nodes/,
    );
    expectProblem(
      edit("3.2.0"),
      /^loadBalancing\.awsLoadBalancerController\.version: 3\.2\.0 is not a chart line whose IAM policy this program carries/,
    );
    assert.deepEqual(problemsOf(edit("1.14.1")), []);
    assert.deepEqual(problemsOf(edit("3.5.0")), []);
  });
  it("Cilium with a pinned pod block is a warning, not an error", () => {
    const r = planFromRawConfig(rawConfigOf("prod"));
    assert.ok(r.plan, "prod still plans");
    const pinned = r.problems.filter((p) => p.key.endsWith(".podCidr"));
    assert.deepEqual(
      pinned.map((p) => [p.key, p.value, p.severity]),
      [
        ["nodes[0].podCidr", "192.168.32.0/26", "warning"],
        ["nodes[1].podCidr", "192.168.32.64/26", "warning"],
      ],
    );
    assert.match(
      pinned[0].rule,
      /Cilium's cluster-pool IPAM assigns each node's block at runtime; the pin shapes only the plan's capacity check and the lab's model/,
    );
    assert.ok(r.plan.warnings.some((w) => w.startsWith("nodes[0].podCidr: 192.168.32.0/26 is pinned")));
    assert.deepEqual(
      planFromRawConfig(rawConfigOf("dev")).problems.filter((p) => p.key.endsWith(".podCidr")),
      [],
      "Calico pins are real",
    );
  });
  it("VPN: BGP ASNs, duplicate and AWS-reserved tunnel inside CIDRs", () => {
    expectProblem(
      (c) => Object.assign(c.onPrem, { vpnRouting: "bgp", customerGatewayAsn: 64512 }),
      /^onPrem\.customerGatewayAsn: 64512 equals the Transit Gateway's Amazon-side ASN \(onPrem\.transitGatewayAsn\); the VPN's BGP sessions are eBGP/,
    );
    assert.deepEqual(
      problemsOf((c) => Object.assign(c.onPrem, { vpnRouting: "static", customerGatewayAsn: 64512 })),
      [],
      "static VPNs run no BGP",
    );
    expectProblem(
      (c) => (c.onPrem.tunnelInsideCidrs = ["169.254.10.0/30", "169.254.10.0/30"]),
      /^onPrem\.tunnelInsideCidrs\[1\]: 169\.254\.10\.0\/30 is also the inside CIDR of the other tunnel \(onPrem\.tunnelInsideCidrs\[0\]\)/,
    );
    for (const r of ["169.254.0.0/30", "169.254.5.0/30", "169.254.169.252/30"]) {
      expectProblem(
        (c) => (c.onPrem.tunnelInsideCidrs = ["169.254.10.0/30", r]),
        new RegExp(`^onPrem\\.tunnelInsideCidrs\\[1\\]: ${r.replace(/\./g, "\\.")} is reserved by AWS`),
      );
    }
    expectProblem((c) => (c.onPrem.tunnelInsideCidrs = ["169.254.10.0/29"]), /must be a \/30 in 169\.254\.0\.0\/16/);
  });
  it("reports every problem at once", () => {
    const lines = problemsOf((c) => {
      c.onPrem.podCidrs = ["192.16.32.0/23"];
      c.router.asn = -1;
      c.cluster.authenticationMode = "CONFIG_MAP";
      c.nodes[1].ip = "10.0.0.1";
    });
    for (const re of [/192\.16\.32\.0\/23 is public/, /router\.asn: -1/, /CONFIG_MAP/, /nodes\[1\]\.ip: 10\.0\.0\.1/]) {
      assert.ok(
        lines.some((l) => re.test(l)),
        `${re} in:\n${lines.join("\n")}`,
      );
    }
  });
});
