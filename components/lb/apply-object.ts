/** The load balancing components' children: `<prefix>-<kind>-<name>`, created by the shared applier. */
import * as pulumi from "@pulumi/pulumi";
import { applyObject as applyNamed } from "../k8s/apply-object";
import { K8sObject } from "../render/k8s-object";

export { dependsOnList } from "../k8s/apply-object";

/** The Pulumi resource name of an object: `<prefix>-<kind>-<name>`, lower case. */
export function objectResourceName(prefix: string, obj: K8sObject): string {
  return `${prefix}-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
}

/** Create `obj` under `opts` (which must carry the parent and the Kubernetes provider). */
export function applyObject(prefix: string, obj: K8sObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return applyNamed(objectResourceName(prefix, obj), obj, opts);
}
