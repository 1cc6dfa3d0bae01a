/**
 * `npm run bench [-- --quick]`: what users wait for, each row next to a baseline measured in the
 * same run, with the goals of issue 14 and whether they hold.
 *
 * - Plans are whole processes (`npm run plan`'s command, start-up included) on generated stacks
 *   (`bench-stacks.ts`), run in turn with the baseline (A B A B …); the ratio is taken pair by
 *   pair and the median reported. Baseline: plain `node` loading @pulumi/pulumi, aws, kubernetes.
 * - Peak memory is the child's own maximum resident set size (`process.resourceUsage().maxRSS`
 *   written at exit by a `--require` preload), not a heap delta.
 * - The overlap check runs in this process on 10,000 mixed CIDR texts, parsing included, against
 *   a minimal numeric parse + sort + sweep over the same texts.
 * Machines differ: quote the medians with the machine (printed first).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { BenchStack, writeBenchStacks } from "./bench-stacks";
import { mixedCidrTexts, numericOverlapBaseline, planOverlapCheck } from "./bench-overlap";
import { benchPolicyPack, benchPoolPolicies } from "../policy/bench";

const quick = process.argv.includes("--quick");
/** `--only TEXT`: only the rows whose label contains TEXT. */
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const wanted = (what: string) => only === undefined || what.includes(only);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eks-hybrid-bench-"));
const preload = path.join(tmp, "max-rss.cjs");
fs.writeFileSync(
  preload,
  `process.on("exit", () => require("fs").writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
);

interface Sample {
  seconds: number;
  mib: number;
}

/** One whole-process run: wall seconds and the child's peak RSS. */
function runChild(args: string[]): Sample {
  const rssFile = path.join(tmp, "rss");
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: PROJECT_DIR,
    env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, BENCH_RSS_FILE: rssFile },
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${String(r.stderr).slice(-2000)}`);
  return { seconds, mib: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const FLOOR = ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws"); require("@pulumi/kubernetes");'];
/** `npm run plan`'s command (package.json `scripts.plan`: `node FLAGS… ENTRY…`) without `node`, so the bench runs exactly it. */
const PLAN_COMMAND = ((): string[] => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts.plan.trim().split(/\s+/);
  if (node !== "node") throw new Error(`package.json scripts.plan must start with "node": ${pkg.scripts.plan}`);
  return args;
})();
const planArgs = (stack: string, dir?: string) => [...PLAN_COMMAND, "--stack", stack, ...(dir ? ["--dir", dir] : [])];

interface Row {
  what: string;
  seconds?: number;
  mib?: number;
  ratio?: number;
  baseline: string;
  goal: string;
  holds?: boolean;
  note?: string;
}
const rows: Row[] = [];

/** Paired runs of a plan and the SDK load floor. */
function planRow(
  what: string,
  args: string[],
  runs: number,
  goal: { seconds?: number; ratio?: number; megabytes?: number },
  goalText: string,
): void {
  if (!wanted(what)) return;
  runChild(args); // warm-up: builds the bundle, fills the compile cache, writes out/
  const a: Sample[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = runChild(args);
    const floor = runChild(FLOOR);
    a.push(x);
    ratios.push(x.seconds / floor.seconds);
  }
  const seconds = median(a.map((s) => s.seconds));
  const mib = Math.max(...a.map((s) => s.mib));
  const ratio = median(ratios);
  const holds =
    (goal.seconds === undefined || seconds < goal.seconds) &&
    (goal.ratio === undefined || ratio <= goal.ratio) &&
    // The memory goal is in MB (10^6 bytes); the peak is measured in MiB.
    (goal.megabytes === undefined || mib * 1.048576 < goal.megabytes);
  rows.push({ what, seconds, mib, ratio, baseline: "SDK load floor", goal: goalText, holds: goalText === "—" ? undefined : holds });
  console.error(`  ${what}: ${seconds.toFixed(2)} s, ${mib.toFixed(0)} MiB, ×${ratio.toFixed(2)} the floor`);
}

const stacks: BenchStack[] = [
  { name: "bench-n50", nodes: 50 },
  { name: "bench-n1000", nodes: 1000 },
  { name: "bench-n5000", nodes: 5000 },
  { name: "bench-n5000-named", nodes: 5000, registeredNames: true },
  { name: "bench-pods2000", podCidrs: 2000 },
  { name: "bench-pods900-apart", podCidrs: 900, apart: true },
];
writeBenchStacks(tmp, stacks);
const n = quick ? 1 : 5;
const big = quick ? 1 : 3;

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.error("running (each plan in turn with the floor)…");
  try {
    planRow("`npm run plan -- --stack dev`", planArgs("dev"), n, { ratio: 1.5 }, "≤ 1.5× floor");
    planRow("full plan, 50 nodes", planArgs("bench-n50", tmp), big, {}, "—");
    planRow("full plan, 1,000 nodes", planArgs("bench-n1000", tmp), big, {}, "—");
    planRow("full plan, 5,000 nodes", planArgs("bench-n5000", tmp), big, { seconds: 3 }, "< 3 s");
    planRow(
      "full plan, 5,000 nodes, registeredName",
      planArgs("bench-n5000-named", tmp),
      big,
      { seconds: 8, megabytes: 500 },
      "< 8 s, < 500 MB",
    );
    planRow("full plan, 2,000 pod CIDRs", planArgs("bench-pods2000", tmp), big, { seconds: 5 }, "< 5 s");
    // No two blocks adjacent: one route per block in every route table and rules per block, near the
    // most AWS's quotas allow (1,000 routes per route table: the aws-route-and-rule-quotas rule
    // refuses 2,000 such CIDRs); the SDK's cost per resource.
    planRow("full plan, 900 pod CIDRs, none adjacent", planArgs("bench-pods900-apart", tmp), big, {}, "—");

    if (wanted("overlap")) overlapRow();
    if (wanted("policy")) await policyRows();
    rows.push({ what: "`npm test`", baseline: "—", goal: "< 90 s", note: "not measured here: time `npm test`" });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const s of stacks) fs.rmSync(path.join(PROJECT_DIR, "out", s.name), { recursive: true, force: true });
  }
  printTable();
}

function overlapRow(): void {
  const texts = mixedCidrTexts(10000, 14);
  const found = planOverlapCheck(texts);
  const expected = numericOverlapBaseline(texts);
  if (found !== expected) throw new Error(`overlap check found ${found} pairs, the baseline ${expected}`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < (quick ? 5 : 21); i++) {
    let t = performance.now();
    planOverlapCheck(texts);
    a.push(performance.now() - t);
    t = performance.now();
    numericOverlapBaseline(texts);
    b.push(performance.now() - t);
  }
  const ratio = median(a.map((x, i) => x / b[i]));
  rows.push({
    what: `overlap, 10,000 CIDRs, parsing included (${found} overlapping pairs)`,
    seconds: median(a) / 1000,
    ratio,
    baseline: `numeric parse+sort+sweep ${median(b).toFixed(1)} ms`,
    goal: "≤ 2× baseline",
    holds: ratio <= 2,
  });
}

async function policyRows(): Promise<void> {
  // The policy pack (policy/bench.ts): CPU time, the engine-shaped resources built once.
  const pack = await benchPolicyPack(5000);
  rows.push({
    what: `policy pack, ${pack.resources}-resource stack`,
    seconds: pack.ms / 1000,
    baseline: "—",
    goal: "< 1 s",
    holds: pack.ms < 1000,
  });
  for (const p of await benchPoolPolicies(10000)) {
    rows.push({ what: `${p.policy}, ${p.pools} pools`, seconds: p.ms / 1000, baseline: "—", goal: "< 0.2 s", holds: p.ms < 200 });
  }
}

function printTable(): void {
  const fmt = (r: Row) => [
    r.what,
    r.note ?? (r.seconds === undefined ? "" : r.seconds < 0.1 ? `${(r.seconds * 1000).toFixed(1)} ms` : `${r.seconds.toFixed(2)} s`),
    r.mib === undefined ? "" : `${r.mib.toFixed(0)} MiB`,
    r.ratio === undefined ? "" : `×${r.ratio.toFixed(2)} ${r.baseline}`,
    r.goal,
    r.holds === undefined ? "" : r.holds ? "holds" : "MISSED",
  ];
  console.log("\n| what | median | peak RSS | vs baseline (same run) | goal | |\n|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${fmt(r).join(" | ")} |`);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error)?.message ?? String(err)}`);
  process.exitCode = 1;
});
