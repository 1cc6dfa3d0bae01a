/** A rendered Helm release spec → the arguments of a `kubernetes:helm.sh/v3:Release`. */
import type { CniReleaseSpec } from "../render/cni/release";

/**
 * Release arguments for `spec` (plain values, so they also fit inside an `apply`);
 * `timeoutSeconds` bounds the wait for the release's resources.
 */
export function helmReleaseArgs(spec: CniReleaseSpec, timeoutSeconds: number) {
  return {
    name: spec.name,
    chart: spec.chart,
    version: spec.version,
    repositoryOpts: spec.repository ? { repo: spec.repository } : undefined,
    namespace: spec.namespace,
    createNamespace: spec.createNamespace,
    values: spec.values,
    timeout: timeoutSeconds,
  };
}
