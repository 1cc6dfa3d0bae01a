import { strict as assert } from "node:assert";
import { formatProblem, planFromRawConfig } from "../components/plan";
import { editedConfig } from "./helpers/raw-config";

/** Every error line of planning the dev config with `edit` applied. */
function problemsOf(edit: (c: Record<string, any>) => void, stack = "dev"): string[] {
  const r = planFromRawConfig(editedConfig(stack, edit));
  return r.problems.filter((p) => (p.severity ?? "error") === "error").map(formatProblem);
}

function expectProblem(edit: (c: Record<string, any>) => void, ...patterns: RegExp[]): void {
  const lines = problemsOf(edit);
  for (const re of patterns) assert.ok(lines.some((l) => re.test(l)), `expected a problem matching ${re}; got:\n${lines.join("\n") || "(none)"}`);
}

describe("stack config validation (one failing config per rule)", () => {
  it("the checked-in dev and prod configs have no problems", () => {
    assert.deepEqual(problemsOf(() => {}), []);
    assert.deepEqual(problemsOf(() => {}, "prod"), []);
  });

  it("remote pod CIDR outside RFC 1918 / CGNAT (the article's 192.16.32.0/23)", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["192.16.32.0/23"]), /^onPrem\.podCidrs\[0\]: 192\.16\.32\.0\/23 is public \(not RFC 1918 or 100\.64\.0\.0\/10\)/);
  });
  it("remote node CIDR outside RFC 1918 / CGNAT", () => {
    expectProblem((c) => (c.onPrem.nodeCidrs = ["203.0.113.0/24"]), /^onPrem\.nodeCidrs\[0\]: 203\.0\.113\.0\/24 is public/);
  });
  it("remote CIDR prefix shorter than /8", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["0.0.0.0/4"]), /onPrem\.podCidrs\[0\]: 0\.0\.0\.0\/4 is a \/4; remote pod CIDRs must be \/8 to \/32/);
  });
  it("malformed CIDR, quoted as given", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["192.168.32.0/23x"]), /onPrem\.podCidrs\[0\]: 192\.168\.32\.0\/23x is not an IPv4 CIDR/);
  });
  it("IPv6 remote network", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["fd00:10::/56"]), /onPrem\.podCidrs\[0\]: fd00:10::\/56 is IPv6; EKS hybrid nodes support IPv4 only/);
  });
  it("node and pod networks overlap", () => {
    expectProblem((c) => (c.onPrem.podCidrs = ["192.168.200.0/23"]), /overlaps .*node, pod, VPC and service networks must not share addresses/);
  });
  it("remote network overlaps the VPC", () => {
    expectProblem((c) => (c.onPrem.nodeCidrs = ["10.250.200.0/24"]), /onPrem\.nodeCidrs\[0\]: 10\.250\.200\.0\/24 \(remote node CIDR\) overlaps 10\.250\.0\.0\/16 \(VPC CIDR, vpc\.cidr\)/);
  });
  it("remote network overlaps the service CIDR", () => {
    expectProblem((c) => (c.cluster.serviceCidr = "192.168.32.0/24"), /192\.168\.32\.0\/24 \(service CIDR\) overlaps|overlaps 192\.168\.32\.0\/24 \(service CIDR/);
  });
  it("node IP outside the node CIDRs", () => {
    expectProblem((c) => (c.nodes[1].ip = "192.168.201.12"), /^nodes\[1\]\.ip: 192\.168\.201\.12 is outside the remote node CIDRs \(192\.168\.200\.0\/24\)/);
  });
  it("node IP is the network or broadcast address", () => {
    expectProblem((c) => (c.nodes[0].ip = "192.168.200.0"), /nodes\[0\]\.ip: 192\.168\.200\.0 is the network address of 192\.168\.200\.0\/24/);
    expectProblem((c) => (c.nodes[0].ip = "192.168.200.255"), /is the broadcast address/);
  });
  it("duplicate node IPs and names", () => {
    expectProblem((c) => (c.nodes[1].ip = c.nodes[0].ip), /nodes\[1\]\.ip: 192\.168\.200\.11 is also the IP of node-01; node IPs must be unique/);
    expectProblem((c) => (c.nodes[1].name = c.nodes[0].name), /nodes\[1\]\.name: node-01 is also the name of nodes\[0\]\.name; node names must be unique/);
  });
  it("router address outside the node network or on a node", () => {
    expectProblem((c) => (c.router.address = "192.168.100.254"), /^router\.address: 192\.168\.100\.254 is outside the remote node CIDRs/);
    expectProblem((c) => (c.router.address = "192.168.200.11"), /^router\.address: 192\.168\.200\.11 is also the IP of node node-01/);
  });
  it("pinned pod blocks outside the pod CIDRs or overlapping", () => {
    expectProblem((c) => (c.nodes[0].podCidr = "192.168.40.0/26"), /nodes\[0\]\.podCidr: 192\.168\.40\.0\/26 is outside the pod CIDRs/);
    expectProblem((c) => (c.nodes[1].podCidr = "192.168.32.0/26"), /overlaps node-0[12]'s pod block 192\.168\.32\.0\/26; node pod blocks must be disjoint \(pin nodes\[[01]\]\.podCidr: 192\.168\.32\.64\/26\)/);
  });
  it("capacity: more nodes than blocks, with the numbers", () => {
    expectProblem((c) => {
      c.nodes = Array.from({ length: 9 }, (_, i) => ({ name: `node-${i + 1}`, ip: `192.168.200.${i + 11}` }));
    }, /192\.168\.32\.0\/23 in \/26 blocks holds 8 nodes; 9 configured/);
  });
  it("LB pool outside the node network, over a node, the router or the pods", () => {
    const pool = (a: string) => (c: Record<string, any>) => (c.loadBalancing.metallb.addressPools[0].addresses = [a]);
    expectProblem(pool("192.168.201.1-192.168.201.20"), /addresses\[0\]: 192\.168\.201\.1-192\.168\.201\.20 is not inside the remote node CIDRs/);
    expectProblem(pool("192.168.200.10-192.168.200.20"), /contains 192\.168\.200\.11, the address of node node-01/);
    expectProblem(pool("192.168.200.250-192.168.200.254"), /contains 192\.168\.200\.254, the address of the router/);
    expectProblem(pool("192.168.32.0/28"), /overlaps the pod CIDR 192\.168\.32\.0\/23/);
  });
  it("ASNs out of range", () => {
    expectProblem((c) => (c.router.asn = 0), /router\.asn: 0 is not a BGP ASN/);
    expectProblem((c) => (c.onPrem.customerGatewayAsn = 4294967295), /onPrem\.customerGatewayAsn: 4294967295 is above 2147483647/);
    expectProblem((c) => (c.onPrem.transitGatewayAsn = 65000.5), /onPrem\.transitGatewayAsn/);
    expectProblem((c) => (c.onPrem.transitGatewayAsn = 65535), /is not a private ASN \(64512–65534/);
  });
  it("static routing with a CNI that has no per-node pools (Cilium cluster-pool)", () => {
    expectProblem((c) => (c.cni = { kind: "cilium", routing: "static" }), /^cni\.routing: static cannot be used with Cilium: .*use routing: bgp with Cilium, or Calico/);
  });
  it("authentication mode without access entries", () => {
    expectProblem((c) => (c.cluster.authenticationMode = "CONFIG_MAP"), /cluster\.authenticationMode: CONFIG_MAP is not an access-entry mode; hybrid nodes need authentication mode API or API_AND_CONFIG_MAP/);
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
  it("reports every problem at once", () => {
    const lines = problemsOf((c) => {
      c.onPrem.podCidrs = ["192.16.32.0/23"];
      c.router.asn = -1;
      c.cluster.authenticationMode = "CONFIG_MAP";
      c.nodes[1].ip = "10.0.0.1";
    });
    for (const re of [/192\.16\.32\.0\/23 is public/, /router\.asn: -1/, /CONFIG_MAP/, /nodes\[1\]\.ip: 10\.0\.0\.1/]) {
      assert.ok(lines.some((l) => re.test(l)), `${re} in:\n${lines.join("\n")}`);
    }
  });
});
