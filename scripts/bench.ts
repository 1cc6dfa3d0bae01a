/**
 * `npm run bench`: how long planning takes as stacks grow, and the overlap check on 10,000 CIDRs.
 * Prints time (median of several runs) and peak heap per size. Targets: a 5,000-node plan under
 * 1 s, the 10,000-CIDR overlap check under 100 ms. Not a test: machines differ.
 */
import { cidrOf, checkNoOverlap, formatIpv4, ipv4, planFromRawConfig, NamedNetwork } from "../components/plan";
import { rawConfigOf } from "../test/helpers/raw-config";

function configWithNodes(count: number): Record<string, unknown> {
  const base = rawConfigOf("dev");
  const first = ipv4("10.100.0.0");
  return {
    ...base,
    onPrem: { ...base.onPrem, nodeCidrs: ["10.100.0.0/16"], podCidrs: ["100.64.0.0/10"] },
    router: { ...base.router, address: "10.100.255.254" },
    nodes: Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}`, ip: formatIpv4(first + 10 + i) })),
    loadBalancing: { demoApps: false },
  };
}

function measure(label: string, runs: number, fn: () => void, target?: number): void {
  if (global.gc) global.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const verdict = target === undefined ? "" : median <= target ? `  (target ${target} ms: ok)` : `  (target ${target} ms: MISSED)`;
  console.log(
    `${label.padEnd(34)} ${median.toFixed(1).padStart(9)} ms ${((peak - heapBefore) / 1048576).toFixed(1).padStart(8)} MiB${verdict}`,
  );
}

console.log(`${"case".padEnd(34)} ${"median".padStart(12)} ${"peak heap+".padStart(12)}`);
for (const [n, target] of [[2], [100], [1000], [5000, 1000]] as [number, number?][]) {
  const cfg = configWithNodes(n);
  measure(
    `plan, ${n} nodes`,
    n >= 1000 ? 5 : 20,
    () => {
      const r = planFromRawConfig(cfg);
      if (!r.plan) throw new Error(`bench config invalid: ${JSON.stringify(r.problems.slice(0, 3))}`);
    },
    target,
  );
}

// 10,000 disjoint /24s plus a few planted overlaps, shuffled deterministically.
const networks: NamedNetwork[] = Array.from({ length: 10000 }, (_, i) => ({
  key: `cidr[${i}]`,
  role: "bench",
  cidr: cidrOf(ipv4("10.0.0.0") + ((i * 7919) % 10000) * 256, 24),
}));
for (let i = 0; i < 5; i++) networks[i * 1000] = { ...networks[i * 1000], cidr: cidrOf(ipv4("10.0.0.0") + i * 256 * 1000, 22) };
let found = 0;
measure(
  "overlap check, 10,000 CIDRs",
  20,
  () => {
    found = checkNoOverlap(networks).length;
  },
  100,
);
console.log(`(overlaps found in the planted set: ${found})`);

// The policy pack (policy/bench.ts): CPU time, the engine-shaped resources built once.
void (async () => {
  const { benchPolicyPack, benchPoolPolicies } = await import("../policy/bench");
  const pack = await benchPolicyPack(5000);
  console.log(
    `${`policy pack, ${pack.resources} resources`.padEnd(34)} ${pack.ms.toFixed(1).padStart(9)} ms CPU  (target 1000 ms: ${pack.ms <= 1000 ? "ok" : "MISSED"})`,
  );
  for (const p of await benchPoolPolicies(10000))
    console.log(
      `${`${p.policy}, ${p.pools} pools`.padEnd(34)} ${p.ms.toFixed(1).padStart(9)} ms CPU  (target 200 ms: ${p.ms <= 200 ? "ok" : "MISSED"})`,
    );
})();
