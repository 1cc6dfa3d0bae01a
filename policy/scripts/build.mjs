// Bundles the pack (policy/index.ts and everything it imports from components/plan) into
// policy/dist/index.js, so that the published package carries the shared rules. @pulumi/policy
// and @pulumi/pulumi stay external: they are the package's dependencies, installed by the CLI.
// Runs on `npm run build` / `npm pack` (prepack) in policy/, and `npm run build:policy` at the root.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
await build({
  entryPoints: [path.join(root, "index.ts")],
  outfile: path.join(root, "dist", "index.js"),
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  sourcemap: true,
  external: ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/policy/*", "@pulumi/pulumi/*"],
  logLevel: "warning",
});
console.log(`built ${path.relative(process.cwd(), path.join(root, "dist", "index.js"))}`);
