#!/usr/bin/env node
/**
 * `node scripts/run-built.mjs scripts/plan.ts ARGS…`: run a TypeScript entry point as plain,
 * pre-compiled JavaScript, so that `npm run plan` pays for loading the Pulumi SDKs and little more.
 *
 * - The entry and the project modules it imports are bundled once by esbuild into
 *   `.cache/bundle/` (node_modules stay external) and rebuilt only when one of those files'
 *   content changes (a SHA-1 per input, checked on each run: a few milliseconds).
 * - No TypeScript loader hook and no source maps at run time: Pulumi captures a stack trace for
 *   every resource and every promise it makes, and source-mapping those dominated large plans.
 * - Node's on-disk compile cache (`module.enableCompileCache`, Node ≥ 22.1) keeps V8's compiled
 *   code for every module loaded, the SDKs included, keyed by file content.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
// A namespace import: Node 20 has no `enableCompileCache`, and a named import of it would not load.
import * as nodeModule from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(ROOT, ".cache");
/** Bump when the build options below change, so old bundles are not reused. */
const BUILD_VERSION = "1";

nodeModule.enableCompileCache?.(path.join(CACHE, "node-compile"));

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  console.error("usage: node scripts/run-built.mjs ENTRY.ts [ARGS…]");
  process.exit(2);
}
const entry = path.resolve(entryArg);
const outfile = path.join(CACHE, "bundle", `${path.relative(ROOT, entry).replace(/[^A-Za-z0-9]+/g, "_")}.cjs`);
const stampFile = `${outfile}.inputs.json`;

const sha1 = (file) => createHash("sha1").update(fs.readFileSync(file)).digest("hex");

/** Whether the bundle exists and every input it was built from still has the same content. */
function upToDate() {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
    if (stamp.version !== BUILD_VERSION || !fs.existsSync(outfile)) return false;
    return Object.entries(stamp.inputs).every(([file, hash]) => sha1(path.join(ROOT, file)) === hash);
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    packages: "external",
    outfile: `${outfile}.${process.pid}.tmp`,
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((f) => [f, sha1(path.join(ROOT, f))]));
  // Renames, so that processes starting at the same time (parallel tests) never read half a file.
  fs.renameSync(`${outfile}.${process.pid}.tmp`, outfile);
  fs.writeFileSync(`${stampFile}.${process.pid}.tmp`, JSON.stringify({ version: BUILD_VERSION, inputs }));
  fs.renameSync(`${stampFile}.${process.pid}.tmp`, stampFile);
}

// Run the bundle as the main module (`require.main === module` holds in it).
process.argv = [process.argv[0], outfile, ...rest];
nodeModule.runMain(outfile);
