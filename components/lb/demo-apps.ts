/**
 * The article's demo workloads (`loadBalancing.demoApps`): `frontend-external` and, with the AWS
 * Load Balancer Controller, the 2048 game behind an ALB. Created after the load balancers that
 * serve them (`ready`), so that webhooks (MetalLB, the controller's Ingress validator) answer.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { demoAppObjects } from "../render/lb/demo-apps";
import { K8sObject } from "../render/lb/k8s-object";
import { applyObject, dependsOnList } from "./apply-object";

/** Arguments of {@link DemoApps}. */
export interface DemoAppsArgs {
  /** The network plan; `loadBalancing.demoApps` decides whether anything is created. */
  readonly plan: NetworkPlan;
  /** Resources that must be ready first (the load balancer releases, MetalLB's pools). @default [] */
  readonly ready?: pulumi.Resource[];
}

export class DemoApps extends pulumi.ComponentResource {
  /** `opts.provider` must be the cluster's Kubernetes provider. */
  constructor(name: string, args: DemoAppsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:DemoApps", name, {}, opts);
    const { boutique, game2048 } = demoAppObjects(args.plan);
    const base = { parent: this, provider: opts?.provider };
    const createAll = (prefix: string, objects: K8sObject[]) => {
      const [ns, ...rest] = objects;
      if (!ns) return;
      const namespace = applyObject(prefix, ns, { ...base, dependsOn: [...dependsOnList(opts), ...(args.ready ?? [])] });
      for (const obj of rest) applyObject(prefix, obj, { ...base, dependsOn: [namespace, ...(args.ready ?? [])] });
    };
    createAll(`${name}-boutique`, boutique);
    createAll(`${name}-2048`, game2048);
    this.registerOutputs({});
  }
}
