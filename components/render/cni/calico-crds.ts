/**
 * Where the tigera-operator CRDs of a Calico version are published. Helm installs a chart's CRDs
 * only on first install and never upgrades them, so the program applies this file itself before
 * the release (a version bump updates the CRDs first), and the release skips its own copy. Calico
 * documents the same step for Helm upgrades ("kubectl apply --server-side --force-conflicts -f
 * …/manifests/operator-crds.yaml", https://docs.tigera.io/calico/latest/operations/upgrading/kubernetes-upgrade).
 * Pure.
 */

/** The operator CRDs manifest of a Calico release, e.g. `v3.29.2`. */
export function calicoOperatorCrdsUrl(version: string): string {
  return `https://raw.githubusercontent.com/projectcalico/calico/v${version.replace(/^v/, "")}/manifests/operator-crds.yaml`;
}
