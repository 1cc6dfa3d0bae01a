/**
 * Creates the Pulumi resource for one rendered Kubernetes object: typed classes for the core
 * kinds the CNI component applies, `CustomResource` for everything else (CNI CRs).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { K8sObject } from "../render/cni";
import { withCiliumAliases } from "./cilium-aliases";

/** Logical name of a child for an object: `<base>-<kind>-<name>` in kebab case. */
export function childName(base: string, obj: K8sObject): string {
  const kind = obj.kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return `${base}-${kind}-${obj.metadata.name}`;
}

/** Register `obj` as a child resource with `opts` (parent, provider, dependsOn…). */
export function applyObject(base: string, obj: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = childName(base, obj);
  const args = obj as Record<string, any>;
  switch (`${obj.apiVersion}/${obj.kind}`) {
    case "v1/ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, args, opts);
    case "rbac.authorization.k8s.io/v1/ClusterRole":
      return new k8s.rbac.v1.ClusterRole(name, args, opts);
    case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
      return new k8s.rbac.v1.ClusterRoleBinding(name, args as k8s.rbac.v1.ClusterRoleBindingArgs, opts);
    case "batch/v1/Job":
      // A Job's template is immutable and its name fixed: replace it by deleting first.
      return new k8s.batch.v1.Job(name, args, { deleteBeforeReplace: true, ...opts });
    default:
      // CRs: Cilium BGP objects keep their identity when the chart moves them to another API version.
      return new k8s.apiextensions.CustomResource(name, args as k8s.apiextensions.CustomResourceArgs, withCiliumAliases(obj, opts));
  }
}
