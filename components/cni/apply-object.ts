/** The CNI component's children: `<base>-<kind-in-kebab-case>-<name>`, created by the shared applier. */
import * as pulumi from "@pulumi/pulumi";
import { applyObject as applyNamed } from "../k8s/apply-object";
import { K8sObject } from "../render/k8s-object";

/** Logical name of a child for an object: `<base>-<kind>-<name>` in kebab case. */
export function childName(base: string, obj: K8sObject): string {
  const kind = obj.kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return `${base}-${kind}-${obj.metadata.name}`;
}

/** Register `obj` as a child resource with `opts` (parent, provider, dependsOn…). */
export function applyObject(base: string, obj: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return applyNamed(childName(base, obj), obj, opts);
}
