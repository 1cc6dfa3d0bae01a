/**
 * A bounded wait for CRDs that an operator registers at runtime (Cilium's BGP CRDs appear only
 * after cilium-operator starts, not when the chart installs). A Job runs `kubectl wait` twice:
 * an init container until the CRDs exist (`--for=create`, kubectl 1.31+), then the main
 * container until they are Established. Pulumi's Kubernetes provider waits for a Job to
 * complete, so custom resources that depend on the Job are created only once the API serves
 * them; when the timeout passes, the Job fails with a message naming the CRDs.
 *
 * The same Job waits for an aggregated API instead (`kind: "apiservice"`): the Calico API server
 * serves `projectcalico.org/v3` through the APIService `v3.projectcalico.org`, which exists and
 * turns Available only once tigera-operator has started the API server.
 */
import { K8sObject } from "./k8s-object";

/** What to wait for and how long. */
export interface CrdWaitOptions {
  /** Base name of the ServiceAccount, ClusterRole, binding and Job. */
  readonly name: string;
  readonly namespace: string;
  /** CRD names, e.g. `ciliumbgpclusterconfigs.cilium.io` (or APIService names with `kind: "apiservice"`). */
  readonly crds: readonly string[];
  /** What `crds` names: CRDs (wait for Established) or APIServices (wait for Available). @default "crd" */
  readonly kind?: "crd" | "apiservice";
  /** Seconds to wait for the CRDs to appear (the Established wait gets a further 60 s). */
  readonly timeoutSeconds: number;
  /** Image with kubectl 1.31+ on its PATH. */
  readonly image: string;
  /** Why the CRDs are awaited, for the failure message (e.g. `cilium 1.18.0`). */
  readonly reason: string;
}

/** Default kubectl image (the upstream Kubernetes build). */
export const DEFAULT_KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.32.0";

const ESTABLISH_SECONDS = 60;

/** ServiceAccount, ClusterRole (read CRDs), ClusterRoleBinding and the Job, in apply order. */
export function renderCrdWait(o: CrdWaitOptions): K8sObject[] {
  const labels = { "app.kubernetes.io/name": o.name, "app.kubernetes.io/managed-by": "eks-hybrid-network" };
  const api = o.kind === "apiservice";
  const crdRefs = o.crds.map((c) => `${api ? "apiservice" : "crd"}/${c}`);
  const condition = api ? "Available" : "Established";
  const container = (name: string, args: string[]) => ({
    name,
    image: o.image,
    command: ["kubectl"],
    args,
    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      capabilities: { drop: ["ALL"] },
    },
    terminationMessagePolicy: "FallbackToLogsOnError",
    // kubectl writes its discovery cache under $HOME; the root filesystem is read-only.
    env: [{ name: "HOME", value: "/tmp" }],
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  });
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: o.name, namespace: o.namespace, labels } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: o.name, labels },
      rules: [
        api
          ? { apiGroups: ["apiregistration.k8s.io"], resources: ["apiservices"], verbs: ["get", "list", "watch"] }
          : { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: o.name, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: o.name },
      subjects: [{ kind: "ServiceAccount", name: o.name, namespace: o.namespace }],
    },
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: o.name,
        namespace: o.namespace,
        labels,
        annotations: {
          "eks-hybrid.io/waits-for": `${o.crds.join(", ")} (registered at runtime by ${o.reason}); if this Job fails, check that operator's pods`,
        },
      },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: o.timeoutSeconds + ESTABLISH_SECONDS + 60,
        template: {
          metadata: { labels, annotations: { "eks-hybrid.io/reason": o.reason } },
          spec: {
            serviceAccountName: o.name,
            restartPolicy: "Never",
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
            initContainers: [container("wait-created", ["wait", "--for=create", `--timeout=${o.timeoutSeconds}s`, ...crdRefs])],
            containers: [
              container(api ? "wait-available" : "wait-established", [
                "wait",
                `--for=condition=${condition}`,
                `--timeout=${ESTABLISH_SECONDS}s`,
                ...crdRefs,
              ]),
            ],
          },
        },
      },
    },
  ];
}
