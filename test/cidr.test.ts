import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import {
  cidr,
  cidrOf,
  contains,
  findOverlaps,
  formatIpv4,
  ipv4,
  isPrivateOrCgnat,
  LabelledRange,
  overlaps,
  parseAddressRange,
  parseCidr,
  parseIpv4,
  subBlock,
  blockCount,
} from "../components/plan/cidr";
import { oracleParseCidr, oracleParseIpv4 } from "./helpers/ip-cidr-oracle";

describe("cidr core", () => {
  it("parses IPv4 CIDRs to integer ranges", () => {
    const c = cidr("192.168.32.0/23");
    assert.equal(c.prefix, 23);
    assert.equal(formatIpv4(c.first), "192.168.32.0");
    assert.equal(formatIpv4(c.last), "192.168.33.255");
    assert.equal(c.size, 512);
    assert.equal(cidr("0.0.0.0/0").size, 2 ** 32);
    assert.equal(cidr("10.1.2.3/32").size, 1);
  });

  it("rejects malformed text, IPv6 and host bits with the reason", () => {
    const reason = (t: string) => {
      const p = parseCidr(t);
      return p.ok ? "ok" : p.reason;
    };
    assert.match(reason("192.168.32.0"), /not an IPv4 CIDR/);
    assert.match(reason("192.168.300.0/24"), /not an IPv4 CIDR/);
    assert.match(reason("192.168.32.0/33"), /not an IPv4 CIDR|longer than \/32/);
    assert.match(reason("fd00::/64"), /IPv6/);
    assert.match(reason("192.168.32.5/23"), /host bits set \(the network is 192\.168\.32\.0\/23\)/);
    assert.match(reason("abc/24"), /not an IPv4 CIDR/);
    const ip = parseIpv4("192.168.01.1");
    assert.equal(ip.ok, false);
  });

  it("parses address ranges and CIDRs for LB pools", () => {
    const r = parseAddressRange("192.168.200.201-192.168.200.220");
    assert.ok(r.ok);
    assert.equal(r.value.last - r.value.first + 1, 20);
    const bad = parseAddressRange("192.168.200.220-192.168.200.201");
    assert.ok(!bad.ok && /ends before it starts/.test(bad.reason));
    assert.ok(parseAddressRange("192.168.200.224/28").ok);
  });

  it("knows the ranges EKS accepts for remote networks", () => {
    for (const ok of ["10.0.0.0/8", "172.16.0.0/12", "172.31.255.0/24", "192.168.32.0/23", "100.64.0.0/10", "100.127.0.0/16"]) {
      assert.ok(isPrivateOrCgnat(cidr(ok)), ok);
    }
    for (const bad of ["192.16.32.0/23", "172.32.0.0/16", "100.128.0.0/16", "8.8.8.0/24", "192.0.0.0/7"]) {
      assert.ok(!isPrivateOrCgnat(cidr(bad)), bad);
    }
  });

  it("cuts sub-blocks like cidrsubnet", () => {
    const pods = cidr("192.168.32.0/23");
    assert.equal(blockCount(pods, 26), 8);
    assert.equal(subBlock(pods, 26, 0).text, "192.168.32.0/26");
    assert.equal(subBlock(pods, 26, 1).text, "192.168.32.64/26");
    assert.equal(subBlock(pods, 26, 7).text, "192.168.33.192/26");
    assert.throws(() => subBlock(pods, 26, 8), /holds 8 \/26 blocks/);
  });

  const arbRange = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 32 })).map(([n, p]) => {
    const size = 2 ** (32 - p);
    return cidrOf(Math.floor(n / size) * size, p);
  });

  it("sweep overlap detection agrees with the pairwise check (property)", () => {
    fc.assert(
      fc.property(fc.array(arbRange, { maxLength: 40 }), (blocks) => {
        const labelled: LabelledRange<number>[] = blocks.map((b, i) => ({ ...b, label: i }));
        const sweep = new Set(findOverlaps(labelled).map(({ a, b }) => [a.label, b.label].sort((x, y) => x - y).join("-")));
        const naive = new Set<string>();
        for (let i = 0; i < blocks.length; i++)
          for (let j = i + 1; j < blocks.length; j++) if (overlaps(blocks[i], blocks[j])) naive.add(`${i}-${j}`);
        assert.deepEqual([...sweep].sort(), [...naive].sort());
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("containment and overlap agree on aligned blocks (property)", () => {
    fc.assert(
      fc.property(arbRange, arbRange, (a, b) => {
        // Two CIDR blocks either nest or are disjoint.
        assert.equal(overlaps(a, b), contains(a, b) || contains(b, a));
      }),
    );
  });

  it("round-trips addresses", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => assert.equal(ipv4(formatIpv4(n)), n)));
  });
});

describe("cidr parser agrees with ip-cidr", () => {
  // The oracle is the parser this project used before its own numeric one: ip-cidr's
  // isValidCIDR / isValidAddress (ip-address) plus the project's rules (test/helpers/ip-cidr-oracle.ts).
  const octet = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map(String),
    fc.integer({ min: 0, max: 999 }).map(String),
    fc.constantFrom("00", "01", "007", "0255", "", "a", "1a", " 1", "+1", "-1", "1e2", "0x1"),
  );
  const sep = fc.constantFrom(".", ".", ".", ".", "", ",", "..");
  const addr = fc.tuple(octet, sep, octet, sep, octet, sep, octet).map((a) => a.join(""));
  const len = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom("", "00", "08", "032", "3 2", "x", "-1", "1.5"));
  const text = fc.oneof(
    addr.chain((a) => len.map((l) => `${a}/${l}`)),
    addr,
    fc.string(),
    fc.tuple(addr, fc.constantFrom(" ", "\t", "\n")).map(([a, w]) => `${w}${a}/24${w}`),
    fc.constantFrom("::1", "fd00::/64", "1.2.3.4/24/5", "1.2.3.4//24"),
  );

  it("parseCidr and parseIpv4 give the oracle's result and reason on generated text", () => {
    fc.assert(
      fc.property(text, (t) => {
        assert.deepEqual(parseCidr(t), oracleParseCidr(t), `parseCidr(${JSON.stringify(t)})`);
        assert.deepEqual(parseIpv4(t), oracleParseIpv4(t), `parseIpv4(${JSON.stringify(t)})`);
      }),
      { numRuns: propertyRuns(5000) },
    );
  });

  it("a planted fault is caught: a parser that allows leading zeros disagrees", () => {
    const lenient = (t: string) => parseIpv4(t.replace(/(^|\.)0+(\d)/g, "$1$2"));
    assert.equal(lenient("10.01.0.1").ok, true);
    assert.equal(oracleParseIpv4("10.01.0.1").ok, false);
  });
});
