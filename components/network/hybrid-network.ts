/**
 * HybridNetwork: the AWS side of the hybrid link (VPC, Transit Gateway, Site-to-Site VPN,
 * routes to the remote networks, the cluster's extra security group).
 * SKELETON: issue 3 builds the resources; the args and outputs below are the contract the stack uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";

/** Arguments of {@link HybridNetwork}. */
export interface HybridNetworkArgs {
  /** The network plan; decides which children exist. */
  readonly plan: NetworkPlan;
  /** Pre-shared keys of VPN tunnel 1 and 2 (secrets); AWS generates a key where unset. */
  readonly tunnelPresharedKeys?: readonly (pulumi.Input<string> | undefined)[];
}

export class HybridNetwork extends pulumi.ComponentResource {
  /** VPC id (created or adopted). */
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet ids (cluster ENIs, TGW attachment). */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids (internet-facing load balancers). */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** The extra cluster security group for hybrid traffic. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: HybridNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:network:HybridNetwork", name, {}, opts);
    const vpc = args.plan.vpc;
    this.vpcId = pulumi.output(vpc.mode === "existing" ? vpc.vpcId : "");
    this.privateSubnetIds = pulumi.output(vpc.mode === "existing" ? [...vpc.privateSubnetIds] : []);
    this.publicSubnetIds = pulumi.output(vpc.mode === "existing" ? [...vpc.publicSubnetIds] : []);
    this.clusterSecurityGroupId = pulumi.output("");
    this.registerOutputs({ vpcId: this.vpcId });
  }
}
