/**
 * The independent oracle of test/config-property.test.ts: facts written from the AWS, RFC,
 * Kubernetes and CNI documents themselves, with its own IPv4 arithmetic; imports nothing from
 * components/plan. Sources: see the header of config-property.test.ts.
 */
/** A stack config as the plan reads it. */
export type Config = Record<string, any>;

// ---- the oracle's own IPv4 arithmetic ----
export type Range = [number, number];
export function ip(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + Number(p), 0);
}
export function block(text: string): Range | undefined {
  const m = /^([^/]+)\/(0|[1-9][0-9]?)$/.exec(text);
  if (!m || Number(m[2]) > 32) return undefined;
  const base = ip(m[1]);
  if (base === undefined) return undefined;
  const size = 2 ** (32 - Number(m[2]));
  return base % size === 0 ? [base, base + size - 1] : undefined;
}
export const within = (inner: Range, outer: Range) => inner[0] >= outer[0] && inner[1] <= outer[1];
export const meets = (a: Range, b: Range) => a[0] <= b[1] && b[0] <= a[1];
export const B = (t: string) => block(t)!;
export const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(B);
export const NOT_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
].map(B);
export const DOCUMENTATION = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map(B);

/** EKS calendar: version → [end of standard support, end of extended support]. */
export const EKS: Record<string, [string, string]> = {
  "1.29": ["2025-03-23", "2026-03-23"],
  "1.30": ["2025-07-23", "2026-07-23"],
  "1.31": ["2025-11-26", "2026-11-26"],
  "1.32": ["2026-03-23", "2027-03-23"],
  "1.33": ["2026-07-29", "2027-07-29"],
  "1.34": ["2026-12-02", "2027-12-02"],
  "1.35": ["2027-03-27", "2028-03-27"],
};
export const NEWEST_KNOWN = 36; // 1.36 is live (release dates not yet in the table)

/** CNI line → [oldest, newest] Kubernetes minor upstream tests it with. */
export const CNI_TESTED: Record<string, Record<string, [number, number]>> = {
  calico: { "3.29": [29, 32], "3.30": [31, 35], "3.31": [32, 35], "3.32": [34, 36] },
  cilium: { "1.16": [27, 30], "1.17": [29, 32], "1.18": [30, 33], "1.19": [32, 35] },
};
export const AWS_CILIUM_LINES = ["1.17", "1.18", "1.19"];
export const INSTALLABLE: Record<string, string[]> = { calico: ["3.29", "3.30"], cilium: ["1.16", "1.17", "1.18", "1.19"] };
export const AWS_CILIUM_REPO = "oci://public.ecr.aws/eks/cilium";
export const lineOf = (v: string) => v.replace(/^v/, "").split(".").slice(0, 2).join(".");
export const k8sMinorOf = (c: Config) => Number(String(c.cluster.kubernetesVersion ?? "1.35").slice(2));
/** Whether the oracle expects a Kubernetes-compatibility warning on cni.version. */
export function cniCompatWarns(c: Config): boolean {
  const kind: string = c.cni.kind;
  const version: string = c.cni.version;
  const tested = CNI_TESTED[kind]?.[lineOf(version)];
  if (!tested) return true; // a line the data does not know
  const awsBuild = kind === "cilium" && (c.cni.chartRepository ?? AWS_CILIUM_REPO).replace(/\/+$/, "") === AWS_CILIUM_REPO;
  if (awsBuild && AWS_CILIUM_LINES.includes(lineOf(version))) return false;
  const k = k8sMinorOf(c);
  return k < tested[0] || k > tested[1];
}
export const GATEWAY_MIN: Record<string, [number, number]> = { "1.17": [13, 1], "1.18": [8, 1], "1.19": [2, 1] };
/** Whether the oracle accepts the CNI version at all (supported line; Cilium: AWS's build of an AWS line; gateway: VTEP builds). */
export function cniVersionValid(c: Config): boolean {
  const line = lineOf(c.cni.version);
  if (!INSTALLABLE[c.cni.kind].includes(line)) return false;
  if ((c.cni.podRouting ?? c.cni.routing) === "gateway") {
    const min = GATEWAY_MIN[line];
    const [, , patch, build] = /^v?(\d+)\.(\d+)\.(\d+)(?:-(\d+))?/.exec(c.cni.version)!.slice(1).map(Number);
    if (!min || patch < min[0] || (patch === min[0] && (build || 0) < min[1])) return false;
  }
  if (c.cni.kind === "cilium" && !c.cni.allowUnsupportedCilium) return AWS_CILIUM_LINES.includes(line);
  return true;
}

export function dns1123Subdomain(s: string): boolean {
  if (s.length < 1 || s.length > 253) return false;
  return s.split(".").every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
}

export function asnValid(asn: unknown, use: "router" | "cgw", c: Config): boolean {
  if (typeof asn !== "number" || !Number.isInteger(asn) || asn < 1 || asn > 4294967295) return false;
  if ([23456, 65535, 4294967295, 7224].includes(asn)) return false;
  if (use === "cgw") {
    if (asn > 2147483647) return false;
    const regional: Record<number, string> = { 9059: "eu-west-1", 10124: "ap-northeast-1", 17943: "ap-southeast-1" };
    if (regional[asn] === c.region) return false;
    if (c.onPrem.vpnRouting === "bgp" && !c.onPrem.existingTransitGatewayId && asn === (c.onPrem.transitGatewayAsn ?? 64512)) return false;
  }
  return true;
}
