/** Kubeconfig for an EKS cluster using `aws eks get-token` (pure; the caller marks it secret). */
import { stringify } from "yaml";

export interface KubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 CA data from the cluster. */
  readonly certificateAuthorityData: string;
  readonly region: string;
}

export function renderKubeconfig(k: KubeconfigInput): string {
  const name = k.clusterName;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: k.endpoint, "certificate-authority-data": k.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", k.region, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
