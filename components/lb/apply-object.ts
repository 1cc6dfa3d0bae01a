/**
 * Creates one rendered Kubernetes object as a Pulumi resource: the typed resource for the core
 * kinds this module renders, `CustomResource` for everything else (MetalLB, Cilium).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { withCiliumAliases } from "../cni/cilium-aliases";
import { K8sObject } from "../render/lb/k8s-object";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

const TYPED: Record<string, Ctor> = {
  "v1/Namespace": k8s.core.v1.Namespace,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Service": k8s.core.v1.Service,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "batch/v1/Job": k8s.batch.v1.Job,
  "networking.k8s.io/v1/Ingress": k8s.networking.v1.Ingress,
  "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
};

/** The Pulumi resource name of an object: `<prefix>-<kind>-<name>`, lower case. */
export function objectResourceName(prefix: string, obj: K8sObject): string {
  return `${prefix}-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
}

/** Create `obj` under `opts` (which must carry the parent and the Kubernetes provider). */
export function applyObject(prefix: string, obj: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const ctor = TYPED[`${obj.apiVersion}/${obj.kind}`];
  const name = objectResourceName(prefix, obj);
  if (ctor) return new ctor(name, obj, opts);
  // CRs: Cilium LB IPAM pools and advertisements keep their identity across API versions.
  return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs, withCiliumAliases(obj, opts));
}

/**
 * A component's `dependsOn` as a list, for its first children: Pulumi does not make children
 * wait for their parent's dependencies by itself.
 */
export function dependsOnList(opts?: pulumi.ResourceOptions): pulumi.Input<pulumi.Resource>[] {
  const d = opts?.dependsOn;
  if (!d) return [];
  return Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
