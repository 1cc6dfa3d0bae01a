/**
 * `aggregateCidrs` against a brute-force oracle: CIDRs inside 10.0.0.0/20 (4,096 addresses), the
 * address set kept as a bitmap. The result must cover exactly the same addresses and be the
 * minimal prefix cover: aligned blocks (the parser refuses host bits), pairwise disjoint, and no
 * two of them the two halves of one larger block (RFC 4632 §3.1 aggregation: siblings merge).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { aggregateCidrs, rangeToCidrs } from "../components/plan/cidr-aggregate";
import { cidr, formatIpv4 } from "../components/plan/cidr";

const BASE = 10 << 24;
const SPAN = 4096;

/** A random aligned block inside the universe. */
const block = fc
  .integer({ min: 20, max: 32 })
  .chain((prefix) =>
    fc.integer({ min: 0, max: SPAN / 2 ** (32 - prefix) - 1 }).map((i) => `${formatIpv4(BASE + i * 2 ** (32 - prefix))}/${prefix}`),
  );

function bitmap(texts: readonly string[]): Uint8Array {
  const bits = new Uint8Array(SPAN);
  for (const t of texts) {
    const c = cidr(t);
    for (let a = c.first; a <= c.last; a++) bits[a - BASE] = 1;
  }
  return bits;
}

function checkMinimalCover(input: readonly string[], out: readonly string[]): void {
  assert.deepEqual(bitmap(out), bitmap(input), "the same addresses");
  const cs = out.map(cidr);
  for (let i = 0; i < cs.length; i++)
    for (let j = i + 1; j < cs.length; j++) {
      const [a, b] = [cs[i], cs[j]];
      assert.ok(a.last < b.first || b.last < a.first, `${a.text} and ${b.text} overlap`);
      const siblings = a.prefix === b.prefix && a.prefix > 0 && Math.floor(a.first / (2 * a.size)) === Math.floor(b.first / (2 * b.size));
      assert.ok(!siblings, `${a.text} and ${b.text} are one /${a.prefix - 1}`);
    }
}

describe("exact CIDR aggregation (routes and security group rules)", () => {
  it("covers exactly the input's addresses with the fewest blocks", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 40 }), (input) => checkMinimalCover(input, aggregateCidrs(input))),
      { numRuns: propertyRuns(500) },
    );
  });

  it("input that merges nothing comes back unchanged, in its order", () => {
    assert.deepEqual(aggregateCidrs(["192.168.200.0/24", "192.168.32.0/23"]), ["192.168.200.0/24", "192.168.32.0/23"]);
  });

  it("2,000 adjacent /22s from 100.64.0.0 are 6 blocks; the ends of the address space work", () => {
    const input = Array.from({ length: 2000 }, (_, i) => `${formatIpv4(cidr("100.64.0.0/10").first + i * 1024)}/22`);
    assert.deepEqual(aggregateCidrs(input), [
      "100.64.0.0/12",
      "100.80.0.0/13",
      "100.88.0.0/14",
      "100.92.0.0/15",
      "100.94.0.0/16",
      "100.95.0.0/18",
    ]);
    assert.deepEqual(aggregateCidrs(["255.255.255.255/32", "255.255.255.254/32"]), ["255.255.255.254/31"]);
    assert.deepEqual(aggregateCidrs(["10.0.0.0/8", "0.0.0.0/0"]), ["0.0.0.0/0"]);
    assert.deepEqual(
      rangeToCidrs(0, 2 ** 32 - 1).map((c) => c.text),
      ["0.0.0.0/0"],
    );
  });

  it("the oracle catches a wrong aggregation (planted faults)", () => {
    const input = ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"];
    assert.throws(() => checkMinimalCover(input, ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"]), /are one \/23/);
    assert.throws(() => checkMinimalCover(input, ["10.0.0.0/22"]), /the same addresses/);
    assert.throws(() => checkMinimalCover(input, ["10.0.0.0/23", "10.0.1.0/24", "10.0.3.0/24"]), /overlap/);
  });
});
