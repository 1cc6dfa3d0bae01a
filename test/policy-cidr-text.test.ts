/**
 * `networkOf`: a CIDR written with host bits is the network AWS and the CNIs use. Oracle: the
 * `ip-cidr` package's own start and end of the block, on random addresses and prefixes.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import IPCIDR from "ip-cidr";
import { networkOf } from "../policy/lib/cidr-text";
import { formatIpv4 } from "../components/plan/cidr";

describe("policy networkOf (host bits cleared)", () => {
  it("is the block ip-cidr computes, marked when host bits were set", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
        const text = `${formatIpv4(n)}/${prefix}`;
        const c = networkOf(text)!;
        const oracle = new IPCIDR(text);
        assert.equal(formatIpv4(c.first), oracle.start());
        assert.equal(formatIpv4(c.last), oracle.end());
        const aligned = oracle.start() === formatIpv4(n);
        assert.equal(c.text, aligned ? text : `${text} (= ${oracle.start()}/${prefix})`);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("the issue's example: 10.20.7.9/16 is 10.20.0.0/16", () => {
    assert.equal(networkOf("10.20.7.9/16")!.text, "10.20.7.9/16 (= 10.20.0.0/16)");
  });

  it("rejects what is not an IPv4 CIDR", () => {
    for (const t of ["10.20.7/16", "10.20.7.9/33", "fd00::/8", "10.20.7.256/16", "x"]) assert.equal(networkOf(t), undefined, t);
  });
});
