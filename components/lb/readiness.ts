/**
 * The MetalLB webhook readiness gate: RBAC, the probe manifest and the Job that succeeds only
 * once the webhook admits a dry-run `IPAddressPool` (see `render/lb/metallb-webhook-readiness.ts`).
 * Pulumi's Kubernetes provider awaits a Job's completion, so resources that depend on the
 * returned Job are created after the webhook serves; a failing webhook fails the Job within its
 * deadline with the message in the Job's `eks-hybrid/on-failure` annotation.
 */
import * as pulumi from "@pulumi/pulumi";
import { metallbWebhookReadiness, READINESS_DEADLINE_SECONDS } from "../render/lb/metallb-webhook-readiness";
import { applyObject, dependsOnList } from "./apply-object";

export interface WebhookReadinessOptions {
  /** Parent, Kubernetes provider and what must exist first (the namespace and the Helm release). */
  readonly opts: pulumi.CustomResourceOptions;
  /** Kubernetes minor version (the kubectl image tag). */
  readonly kubernetesVersion: string;
}

/** Create the gate; returns the Job to depend on. */
export function metallbWebhookReadinessGate(prefix: string, o: WebhookReadinessOptions): pulumi.CustomResource {
  const { rbac, job } = metallbWebhookReadiness(o.kubernetesVersion);
  const support = rbac.map((obj) => applyObject(prefix, obj, o.opts));
  const dependsOn = [...dependsOnList(o.opts), ...support];
  return applyObject(prefix, job, {
    ...o.opts,
    dependsOn,
    // A little beyond the Job's own deadline, so the Job's failure (with its reason) is what surfaces.
    customTimeouts: { create: `${READINESS_DEADLINE_SECONDS + 60}s`, update: `${READINESS_DEADLINE_SECONDS + 60}s` },
  });
}
