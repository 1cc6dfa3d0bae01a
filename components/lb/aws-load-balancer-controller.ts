/**
 * The AWS Load Balancer Controller: IAM policy (the upstream policy of the chart's line), an IRSA role that only
 * `kube-system/aws-load-balancer-controller` can assume, and the Helm release.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  ALB_CONTROLLER_NAMESPACE,
  ALB_CONTROLLER_RELEASE,
  albControllerTrustPolicy,
  albControllerCrdsUrl,
  albControllerValues,
  partitionOf,
} from "../render/lb/alb-controller";
import { albControllerPolicy } from "../render/lb/alb-controller-iam-policy";
import { albControllerLine, albControllerVersionOf } from "../plan/versions/alb-controller";
import { dependsOnList } from "./apply-object";
import type { LoadBalancingArgs } from "./load-balancing";

/**
 * Arguments of {@link AwsLoadBalancerController}: those of {@link LoadBalancingArgs}, which passes
 * them on; `plan.loadBalancing.awsLoadBalancerController` must be set.
 */
export type AwsLoadBalancerControllerArgs = LoadBalancingArgs;

export class AwsLoadBalancerController extends pulumi.ComponentResource {
  /** ARN of the controller's IRSA role. */
  readonly roleArn: pulumi.Output<string>;
  /** The chart release. */
  readonly release: k8s.helm.v3.Release;

  /** `opts.provider` must be the cluster's Kubernetes provider. */
  constructor(name: string, args: AwsLoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:lb:AwsLoadBalancerController", name, {}, opts);
    const c = args.plan.loadBalancing.awsLoadBalancerController;
    if (!c) throw new Error("AwsLoadBalancerController needs plan.loadBalancing.awsLoadBalancerController");
    const lb = args.plan.loadBalancing;
    const awsOpts = { parent: this, provider: args.awsProvider };

    const line = albControllerLine(c.version);
    if (!line) throw new Error(`loadBalancing.awsLoadBalancerController.version: ${c.version} is not a supported chart line`);
    const oidcArn = pulumi.output(args.oidcProviderArn);
    const policy = new aws.iam.Policy(
      `${name}-policy`,
      {
        description: `AWS Load Balancer Controller ${albControllerVersionOf(c.version)} (IRSA)`,
        policy: oidcArn.apply((arn) => JSON.stringify(albControllerPolicy(partitionOf(arn), line.iamPolicyOf))),
      },
      awsOpts,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `IRSA role of ${ALB_CONTROLLER_NAMESPACE}/${ALB_CONTROLLER_RELEASE}`,
        assumeRolePolicy: pulumi
          .all([oidcArn, args.oidcProviderUrl])
          .apply(([arn, url]) => JSON.stringify(albControllerTrustPolicy(arn, url))),
      },
      awsOpts,
    );
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-policy-attachment`, { role: role.name, policyArn: policy.arn }, awsOpts);
    this.roleArn = role.arn;

    const values = pulumi.all([args.clusterName, args.vpcId, role.arn]).apply(([clusterName, vpcId, roleArn]) =>
      albControllerValues({
        clusterName,
        region: args.plan.region,
        vpcId,
        roleArn,
        inClusterLoadBalancer: Boolean(lb.metallb || lb.ciliumLbIpam),
        onCloudNodes: args.plan.cloudNodes !== undefined,
      }),
    );
    // Helm never upgrades CRDs: apply the controller's CRDs of this release first (a chart bump
    // updates them in place); the release skips its copy.
    const crds = new k8s.yaml.v2.ConfigFile(
      `${name}-crds`,
      { file: albControllerCrdsUrl(albControllerVersionOf(c.version)) },
      { parent: this, provider: opts?.provider, dependsOn: dependsOnList(opts) },
    );
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: ALB_CONTROLLER_RELEASE,
        chart: "aws-load-balancer-controller",
        version: c.version,
        repositoryOpts: { repo: c.chartRepository },
        namespace: ALB_CONTROLLER_NAMESPACE,
        values,
        skipCrds: true,
      },
      { parent: this, provider: opts?.provider, dependsOn: [...dependsOnList(opts), attachment, crds] },
    );

    this.registerOutputs({ roleArn: this.roleArn, releaseName: this.release.name });
  }
}
