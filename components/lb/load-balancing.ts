/**
 * LoadBalancing: how Services are exposed, from `plan.loadBalancing`. MetalLB (on-prem L2/BGP),
 * the AWS Load Balancer Controller (ALB/NLB with IP targets, IRSA) and Cilium LB IPAM (BGP),
 * each only when the plan enables it, plus the optional demo workloads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { AwsLoadBalancerController } from "./aws-load-balancer-controller";
import { CiliumLbIpam } from "./cilium-lb-ipam";
import { DemoApps } from "./demo-apps";
import { MetalLb } from "./metallb";

/** Arguments of {@link LoadBalancing}. */
export interface LoadBalancingArgs {
  /** The network plan; decides which load balancers exist. */
  readonly plan: NetworkPlan;
  /** Cluster name (controller values). */
  readonly clusterName: pulumi.Input<string>;
  /** VPC id (controller values). */
  readonly vpcId: pulumi.Input<string>;
  /** IAM OIDC provider ARN of the cluster (IRSA trust). */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** OIDC issuer URL without `https://` (IRSA `sub`/`aud` conditions; a leading `https://` is removed). */
  readonly oidcProviderUrl: pulumi.Input<string>;
  /** AWS provider for the controller's IAM policy and role. @default the default AWS provider */
  readonly awsProvider?: aws.Provider;
}

export class LoadBalancing extends pulumi.ComponentResource {
  /** ARN of the AWS Load Balancer Controller's IRSA role (when enabled). */
  readonly albControllerRoleArn?: pulumi.Output<string>;

  /** `opts.provider` must be the cluster's Kubernetes provider; it is passed to every child. */
  constructor(name: string, args: LoadBalancingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:LoadBalancing", name, {}, opts);
    const lb = args.plan.loadBalancing;
    // Children wait for what the component waits for (the CNI: Cilium's CRDs, pod networking).
    const child = { parent: this, provider: opts?.provider, dependsOn: opts?.dependsOn };
    const ready: pulumi.Resource[] = [];

    if (lb.metallb) {
      const metallb = new MetalLb(`${name}-metallb`, { plan: args.plan }, child);
      ready.push(metallb);
    }
    if (lb.ciliumLbIpam) ready.push(new CiliumLbIpam(`${name}-cilium-lb-ipam`, { plan: args.plan }, child));
    if (lb.awsLoadBalancerController) {
      const controller = new AwsLoadBalancerController(
        `${name}-aws-lb-controller`,
        {
          plan: args.plan,
          clusterName: args.clusterName,
          vpcId: args.vpcId,
          oidcProviderArn: args.oidcProviderArn,
          oidcProviderUrl: args.oidcProviderUrl,
          awsProvider: args.awsProvider,
        },
        child,
      );
      this.albControllerRoleArn = controller.roleArn;
      ready.push(controller.release);
    }
    if (lb.demoApps) new DemoApps(`${name}-demo`, { plan: args.plan, ready }, child);

    this.registerOutputs({ albControllerRoleArn: this.albControllerRoleArn });
  }
}
