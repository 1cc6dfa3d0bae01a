/**
 * What the lab needs on this machine: root (namespaces), and the tools of `lab/apt-packages.txt`.
 * Returns every missing piece with the Debian package that provides it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "./sys";
import { FRR_DAEMONS, FRR_DIR } from "./daemons";

/** Tool → Debian package. */
const TOOLS: readonly [string, string][] = [
  ["ip", "iproute2"],
  ["sysctl", "procps"],
  ["ping", "iputils-ping"],
  ["arping", "iputils-arping"],
  ["vtysh", "frr"],
  ["gobgpd", "gobgpd"],
  ["gobgp", "gobgpd"],
  ["nft", "nftables"],
  ["nsenter", "util-linux"],
  ["python3", "python3"],
];

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? "").split(":").some((d) => d && fs.existsSync(path.join(d, cmd)));
}

/** Missing prerequisites, each a sentence; empty when the lab can run. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    missing.push(`root: network namespaces need uid 0 (running as uid ${process.getuid()})`);
  for (const [cmd, pkg] of TOOLS) if (!onPath(cmd)) missing.push(`${cmd}: not on PATH (Debian package ${pkg})`);
  for (const d of [...FRR_DAEMONS, "ospfd"])
    if (!fs.existsSync(path.join(FRR_DIR, d))) missing.push(`${FRR_DIR}/${d}: missing (Debian package frr)`);
  if (onPath("vtysh") && !run("id", ["-u", "frr"]).ok) missing.push("user frr: missing (created by the Debian package frr)");
  return missing;
}
