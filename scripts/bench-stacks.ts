/**
 * Generated stacks for `npm run bench`: the dev stack grown to many nodes or many pod CIDRs,
 * written as `Pulumi.<name>.yaml` (with the project's `Pulumi.yaml`) into a directory for
 * `npm run plan -- --stack NAME --dir DIR`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { formatIpv4, ipv4 } from "../components/plan/cidr";
import { PROJECT_DIR } from "../plan-runner/run-program";
import { loadStackConfig } from "../plan-runner/stack-config";

/** What a generated stack scales. */
export type BenchStack =
  | { readonly name: string; readonly nodes: number; readonly registeredNames?: boolean }
  | {
      readonly name: string;
      readonly podCidrs: number;
      /**
       * A free /22 between blocks, so that none can be merged (`components/plan/cidr-aggregate.ts`):
       * every block is its own route and rule. (AWS would refuse that many: a route table holds at
       * most 1,000 routes. The row measures the program's cost per resource.)
       */
      readonly apart?: boolean;
    };

/** The dev stack's config as plain values (keys with namespace). */
function devConfig(): Record<string, unknown> {
  const loaded = loadStackConfig(PROJECT_DIR, "dev");
  return Object.fromEntries(
    Object.entries(loaded.config).map(([k, v]) => {
      try {
        return [k, JSON.parse(v)];
      } catch {
        return [k, v];
      }
    }),
  );
}

/** The config of one generated stack. */
export function benchConfig(spec: BenchStack): Record<string, unknown> {
  const c = devConfig() as Record<string, any>;
  const ns = (k: string) => `eks-hybrid-network:${k}`;
  if ("nodes" in spec) {
    // Nodes 10.100.0.10…, one /26 pod block each out of 100.64.0.0/10 (65,536 blocks). Over 1,000
    // nodes one SSM activation cannot register them all, so nodes use IAM Roles Anywhere. With
    // `registeredNames` every node is registered already: one label NodePatch each
    // (`components/cni/node-labels.ts`); otherwise nodeadm labels them and there is no patch.
    const first = ipv4("10.100.0.0") + 10;
    c[ns("onPrem")] = { ...c[ns("onPrem")], nodeCidrs: ["10.100.0.0/16"], podCidrs: ["100.64.0.0/10"] };
    c[ns("router")] = { ...c[ns("router")], address: "10.100.255.254" };
    c[ns("cluster")] = {
      ...c[ns("cluster")],
      nodeCredentials: "iam-roles-anywhere",
      rolesAnywhereCaBundle: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    };
    c[ns("loadBalancing")] = {
      ...c[ns("loadBalancing")],
      metallb: { ...c[ns("loadBalancing")].metallb, addressPools: [{ name: "first-pool", addresses: ["10.100.255.201-10.100.255.220"] }] },
    };
    c[ns("nodes")] = Array.from({ length: spec.nodes }, (_, i) => ({
      name: `node-${i + 1}`,
      ip: formatIpv4(first + i),
      ...(spec.registeredNames ? { registeredName: `host-${i + 1}` } : {}),
    }));
  } else {
    // Disjoint /22s from 100.64.0.0 up (adjacent, as when carved from one pool, or one apart), the
    // dev stack's two nodes unpinned.
    const base = ipv4("100.64.0.0");
    const step = spec.apart ? 2048 : 1024;
    c[ns("onPrem")] = {
      ...c[ns("onPrem")],
      podCidrs: Array.from({ length: spec.podCidrs }, (_, i) => `${formatIpv4(base + i * step)}/22`),
    };
    c[ns("nodes")] = (c[ns("nodes")] as { name: string; ip: string }[]).map(({ name, ip }) => ({ name, ip }));
  }
  return c;
}

/** Write `Pulumi.yaml` and one `Pulumi.<name>.yaml` per spec into `dir`. */
export function writeBenchStacks(dir: string, specs: readonly BenchStack[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const s of specs) fs.writeFileSync(path.join(dir, `Pulumi.${s.name}.yaml`), stringify({ config: benchConfig(s) }));
}
