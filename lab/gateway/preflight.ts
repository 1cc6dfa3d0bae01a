/** What the gateway lab needs on this machine: root (namespaces) and these tools. */
import * as fs from "node:fs";
import * as path from "node:path";

const TOOLS: readonly [string, string][] = [
  ["ip", "iproute2"],
  ["bridge", "iproute2"],
  ["nft", "nftables"],
  ["ping", "iputils-ping"],
  ["sysctl", "procps"],
  ["nsenter", "util-linux"],
];

const onPath = (cmd: string) => (process.env.PATH ?? "").split(":").some((d) => d && fs.existsSync(path.join(d, cmd)));

/** Missing prerequisites, each a sentence; empty when the gateway lab can run. */
export function missingGatewayLabPrerequisites(): string[] {
  const missing: string[] = [];
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    missing.push(`root: network namespaces need uid 0 (uid ${process.getuid()})`);
  for (const [cmd, pkg] of TOOLS) if (!onPath(cmd)) missing.push(`${cmd}: not on PATH (Debian package ${pkg})`);
  return missing;
}
