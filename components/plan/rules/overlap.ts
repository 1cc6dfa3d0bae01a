/**
 * No two networks of the hybrid setup may share addresses: remote node CIDRs, remote pod
 * CIDRs, every VPC CIDR and the service CIDR (AWS EKS user guide).
 */
import { Cidr, findOverlaps, LabelledRange } from "../cidr";
import { Problem } from "./problem";

/** A network taking part in the overlap check. */
export interface NamedNetwork {
  /** Config key or property path. */
  readonly key: string;
  /** What it is, e.g. `remote pod CIDR`, `VPC CIDR`, `service CIDR`. */
  readonly role: string;
  /** The block. */
  readonly cidr: Cidr;
}

/** One problem per overlapping pair, in O(n log n) (sort and sweep). */
export function checkNoOverlap(networks: readonly NamedNetwork[]): Problem[] {
  const ranges: LabelledRange<NamedNetwork>[] = networks.map((n) => ({
    first: n.cidr.first,
    last: n.cidr.last,
    text: n.cidr.text,
    label: n,
  }));
  return findOverlaps(ranges).map(({ a, b }) => {
    const [x, y] = a.label.key <= b.label.key ? [a.label, b.label] : [b.label, a.label];
    return {
      key: x.key,
      value: x.cidr.text,
      rule: `(${x.role}) overlaps ${y.cidr.text} (${y.role}, ${y.key}); node, pod, VPC and service networks must not share addresses`,
    };
  });
}
