/**
 * Creates the Pulumi resource for one rendered Kubernetes object: the typed resource for the core
 * kinds the components render, `CustomResource` for everything else (Cilium, Calico, MetalLB CRs).
 * Callers name the resource and pass the options (parent, the cluster's provider, dependsOn).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../render/k8s-object";
import { withCiliumAliases } from "./cilium-aliases";

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
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
};

/** Register `obj` as the resource `name` with `opts`. */
export function applyObject(name: string, obj: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const ctor = TYPED[key];
  // A Job's template is immutable and its name fixed: replace it by deleting first.
  if (key === "batch/v1/Job") return new k8s.batch.v1.Job(name, obj as k8s.batch.v1.JobArgs, { deleteBeforeReplace: true, ...opts });
  if (ctor) return new ctor(name, obj, opts);
  // CRs: Cilium objects keep their identity when the chart moves them to another API version.
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
