/** Plain Kubernetes objects as the renderers return them (no Pulumi). */

/** Object metadata the renderers set. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object: `spec` for most kinds; RBAC kinds carry `rules`, `roleRef`, `subjects`. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}
