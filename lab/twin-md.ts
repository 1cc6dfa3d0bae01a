/**
 * `out/STACK/twin.md`: the twin at a glance — a mermaid diagram of the hosts and the links the
 * flows crossed (solid), each flow as a dotted arrow with its result (failed ones in red), and a
 * table of every flow with the hop where it stopped and why.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FlowResult } from "./twin-flows";
import { LabInputs, LabReport } from "./types";

const AWS_HOSTS = new Set(["control-plane ENI", "load balancer node", "gateway node", "VPC router", "Transit Gateway"]);

/** The host a flow endpoint label names (`pod on node-01` lives on node-01). */
const hostOf = (label: string) =>
  label
    .replace(/^pod on /, "")
    .replace(/ \S+:\d+$/, "")
    .replace(/^control plane$/, "control-plane ENI")
    .replace(/^cluster endpoint \(public\)$/, "Internet")
    .replace(/^cluster endpoint \(private\)$/, "control-plane ENI");

/** The mermaid diagram and flow table. */
export function twinMarkdown(r: LabReport, inputs: LabInputs): string {
  const flows: readonly FlowResult[] = r.flows ?? [];
  const hosts = new Set<string>();
  const links = new Set<string>();
  for (const f of flows) {
    f.path.forEach((h, i) => {
      hosts.add(h);
      if (i > 0) links.add([f.path[i - 1], h].sort().join("|"));
    });
    hosts.add(hostOf(f.to));
  }
  const ids = new Map([...hosts].map((h, i) => [h, `h${i}`]));
  const node = (h: string) => `${ids.get(h)}["${h}"]`;
  const lines = ["```mermaid", "flowchart LR", '  subgraph aws["AWS (from resources.json)"]'];
  for (const h of hosts) if (AWS_HOSTS.has(h)) lines.push(`    ${node(h)}`);
  lines.push("  end", '  subgraph onprem["on-prem (router/frr.conf, manifests)"]');
  for (const h of hosts) if (!AWS_HOSTS.has(h) && h !== "Internet") lines.push(`    ${node(h)}`);
  lines.push("  end");
  if (hosts.has("Internet")) lines.push(`  ${node("Internet")}`);
  for (const l of links) {
    const [a, b] = l.split("|");
    const tunnel = [a, b].includes("Transit Gateway") && [a, b].includes("on-prem router");
    // The gateway node reaches a hybrid node through VXLAN (its outer packets take the VPN).
    const vxlan = [a, b].includes("gateway node") && ![a, b].includes("VPC router");
    lines.push(`  ${ids.get(a)} ---${tunnel ? "|VPN tunnels 1+2|" : vxlan ? "|VXLAN VNI 2, UDP 8472 over the VPN|" : ""} ${ids.get(b)}`);
  }
  let edge = links.size;
  const red: number[] = [];
  for (const f of flows) {
    const from = ids.get(f.path[0]);
    const to = ids.get(hostOf(f.to));
    if (!from || !to || from === to) continue;
    const what = f.expect === "blocked" ? (f.pass ? " dropped" : " NOT dropped") : "";
    lines.push(`  ${from} -.->|"${f.pass ? "✔" : "✘"} ${f.port}${what}"| ${to}`);
    if (!f.pass) red.push(edge);
    edge++;
  }
  if (red.length) lines.push(`  linkStyle ${red.join(",")} stroke:#d00,stroke-width:2px`);
  lines.push("```");

  const rows = flows.map(
    (f) =>
      `| ${f.pass ? "pass" : "**FAIL**"} | ${f.flow} | ${f.expect} | ${f.seen} | ${f.path.join(" → ")} | ${f.stoppedAt ? `${f.stoppedAt}: ${f.reason}` : ""} |`,
  );
  return [
    `# Network twin of stack ${r.stack}`,
    "",
    `Built by \`npm run lab\` from \`${path.relative(process.cwd(), inputs.inputDir) || "."}\` on ${r.startedAt}: ${r.pass ? "every flow did what it must" : "**some flows failed**"} (${flows.filter((f) => f.pass).length} of ${flows.length} flows as expected, ${(r.durationMs / 1000).toFixed(1)} s).`,
    "Solid lines: links the flows crossed. Dotted arrows: flows (✔ as expected, ✘ not). IPsec is not emulated: the tunnels are point-to-point links carrying the inside addresses.",
    "",
    ...lines,
    "",
    "| result | flow | expected | seen | path | stopped at, why |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** Write `twin.md` into `outDir`. */
export function writeTwinMd(r: LabReport, inputs: LabInputs, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "twin.md");
  fs.writeFileSync(file, twinMarkdown(r, inputs));
  return file;
}
