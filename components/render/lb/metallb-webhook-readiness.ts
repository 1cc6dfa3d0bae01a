/**
 * A Job that proves MetalLB's validating webhook admits objects before the pools are created.
 *
 * Why a Job: on a first install the chart's controller generates the webhook's certificate and
 * patches the CA into the ValidatingWebhookConfiguration only after it starts, so `helm --wait`
 * (the Release awaiting a Ready Deployment) still leaves a window in which creating an
 * `IPAddressPool` fails with "failed calling webhook … connection refused / x509". The Job:
 *   1. (init) waits for `deployment/metallb-controller` to be Available;
 *   2. creates a probe `IPAddressPool` with `--dry-run=server`, which runs the admission
 *      webhook for real and persists nothing.
 * A failed attempt fails the pod; the Job retries (`backoffLimit`) within `activeDeadlineSeconds`,
 * and Pulumi awaits the Job's completion, so the pools are created only after step 2 succeeded
 * (which needs a ready webhook endpoint and the injected CA, not just a Ready pod).
 * The kubectl image is distroless (no shell), hence one kubectl call per container.
 */
import { K8sObject } from "./k8s-object";
import { METALLB_CONTROLLER_DEPLOYMENT, METALLB_NAMESPACE } from "./metallb";

export const READINESS_NAME = "metallb-webhook-ready";
/** Upper bound of the whole wait, in seconds (the Job fails after it). */
export const READINESS_DEADLINE_SECONDS = 300;
/** The message a failed wait reports (Job annotation and README). */
export const READINESS_FAILURE_MESSAGE =
  `MetalLB's validating webhook did not admit a dry-run IPAddressPool within ${READINESS_DEADLINE_SECONDS}s; ` +
  `see kubectl -n ${METALLB_NAMESPACE} logs job/${READINESS_NAME} --all-containers and deployment/${METALLB_CONTROLLER_DEPLOYMENT}`;

/** A pool the webhook validates but that is never stored: TEST-NET-2, clear of any real pool. */
const PROBE_POOL = [
  "apiVersion: metallb.io/v1beta1",
  "kind: IPAddressPool",
  "metadata:",
  "  name: webhook-readiness-probe",
  `  namespace: ${METALLB_NAMESPACE}`,
  "spec:",
  "  addresses: [198.51.100.1/32]",
  "  autoAssign: false",
  "",
].join("\n");

/** kubectl image for the Kubernetes minor version (registry.k8s.io publishes it since 1.28). */
export function kubectlImage(kubernetesVersion: string): string {
  return `registry.k8s.io/kubectl:v${kubernetesVersion}.0`;
}

/** ServiceAccount, Role, RoleBinding, probe ConfigMap and the Job, in creation order. */
export function metallbWebhookReadiness(kubernetesVersion: string): { rbac: K8sObject[]; job: K8sObject } {
  const meta = { name: READINESS_NAME, namespace: METALLB_NAMESPACE };
  const image = kubectlImage(kubernetesVersion);
  const kubectl = (name: string, args: string[]) => ({
    name,
    image,
    args,
    terminationMessagePolicy: "FallbackToLogsOnError",
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 65532, capabilities: { drop: ["ALL"] } },
  });
  const perStep = `${READINESS_DEADLINE_SECONDS - 60}s`;
  const rbac: K8sObject[] = [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta,
      rules: [
        {
          apiGroups: ["apps"],
          resources: ["deployments"],
          resourceNames: [METALLB_CONTROLLER_DEPLOYMENT],
          verbs: ["get", "list", "watch"],
        },
        { apiGroups: ["metallb.io"], resources: ["ipaddresspools"], verbs: ["create"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: READINESS_NAME },
      subjects: [{ kind: "ServiceAccount", name: READINESS_NAME, namespace: METALLB_NAMESPACE }],
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { "probe-pool.yaml": PROBE_POOL } },
  ];
  const job: K8sObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { ...meta, annotations: { "eks-hybrid/on-failure": READINESS_FAILURE_MESSAGE } },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: READINESS_DEADLINE_SECONDS,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": READINESS_NAME } },
        spec: {
          serviceAccountName: READINESS_NAME,
          restartPolicy: "Never",
          initContainers: [
            kubectl("controller-available", [
              "-n",
              METALLB_NAMESPACE,
              "wait",
              "--for=condition=Available",
              `deployment/${METALLB_CONTROLLER_DEPLOYMENT}`,
              `--timeout=${perStep}`,
            ]),
          ],
          containers: [
            {
              ...kubectl("webhook-admits", ["create", "--dry-run=server", "-f", "/probe/probe-pool.yaml"]),
              volumeMounts: [{ name: "probe", mountPath: "/probe", readOnly: true }],
            },
          ],
          volumes: [{ name: "probe", configMap: { name: READINESS_NAME } }],
        },
      },
    },
  };
  return { rbac, job };
}
