/**
 * Import first (before `@pulumi/pulumi`): modules the SDK loads at start-up but a program under
 * the mocks never uses are loaded on first use instead.
 *
 * - `@pulumi/pulumi/automation` (the Automation API: workspaces, the CLI wrapper), exported as
 *   `pulumi.automation`;
 * - `@npmcli/arborist`, which `runtime/closure/codePaths.js` needs only to package a function's
 *   dependencies for serialization (`pulumi.runtime.computeCodePaths`);
 * - `@pulumi/pulumi/typescript-shim` (the TypeScript compiler), which the closure serializer needs
 *   only to parse a function it serializes (`pulumi.runtime.serializeFunction`).
 *
 * Loading the first two (npm's dependency tree reader, pacote, the vulnerability calculator…) was
 * about 0.4 s of CPU and 15 MB of every `npm run plan`; the compiler another 0.12 s. Each is
 * replaced in Node's module cache by a proxy that loads the real module the first time anything
 * reads from it, so nothing changes for code that does use them.
 */
import Module from "node:module";
import * as path from "node:path";

/** The proxy standing in for module `id` (resolved from `from`) until it is first used. */
function deferModule(id: string, from: string): void {
  const file = require.resolve(id, { paths: [from] });
  if (require.cache[file]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the deferred load itself
      real = require(file) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = new Proxy(
    {},
    {
      // `__esModule`: TypeScript's `__importStar` then keeps the proxy instead of copying keys.
      get: (_, key) => (key === "__esModule" ? true : load()[key]),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a non-configurable property its (empty) target lacks.
        return d && { ...d, configurable: true };
      },
    },
  );
  require.cache[file] = stub;
}

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
deferModule("./automation", pulumiDir);
deferModule("@npmcli/arborist", path.join(pulumiDir, "runtime", "closure"));
deferModule("./typescript-shim", pulumiDir);
