/**
 * HybridCluster: the EKS cluster with remote networks (or an adopted one), IAM for hybrid nodes,
 * OIDC for IRSA, the Kubernetes provider the CNI and load balancing components use, and the
 * nodeadm configs with the real credentials (a secret output).
 *
 * Remote networks: pulumi-aws 7.x builds on terraform-provider-aws >= 6.11, where changing
 * `remoteNetworkConfig` is an in-place `UpdateClusterConfig` (pulumi-aws#5879, fixed).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { securityGroupRuleResources } from "../network/security-group";
import { clusterSecurityGroupRules } from "../network/sg-rules";
import { NetworkPlan } from "../plan";
import { renderNodeadmFiles } from "../render/nodeadm";
import { clusterTrustPolicy, MANAGED_POLICIES } from "./iam-policies";
import { renderKubeconfig } from "./kubeconfig";
import { hybridNodeCredentials } from "./node-credentials";

/** Arguments of {@link HybridCluster}. */
export interface HybridClusterArgs {
  /** The network plan; `cluster.existingClusterName` adopts a cluster instead of creating one. */
  readonly plan: NetworkPlan;
  /** VPC of the cluster. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnets for the cluster's ENIs (private). Ignored when adopting a cluster. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Extra security groups (HybridNetwork's) for the control plane ENIs. Ignored when adopting a
   * cluster: the hybrid ingress rules (TCP 443 from the remote node and pod CIDRs) then go onto
   * the adopted cluster's own security group instead.
   */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** The cluster facts the rest of the component needs, created or adopted. */
interface ClusterFacts {
  name: pulumi.Output<string>;
  arn: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  caData: pulumi.Output<string>;
  issuer: pulumi.Output<string>;
  clusterSecurityGroupId: pulumi.Output<string>;
}

export class HybridCluster extends pulumi.ComponentResource {
  /** Cluster name (created or adopted). */
  readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig for the cluster (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for the cluster, for the CNI and load balancing components. */
  readonly provider: k8s.Provider;
  /** IAM OIDC provider ARN (IRSA). */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** OIDC issuer URL without `https://` (IRSA trust conditions). */
  readonly oidcProviderUrl: pulumi.Output<string>;
  /** ARN of the role hybrid nodes assume (the `HYBRID_LINUX` access entry's principal). */
  readonly hybridNodesRoleArn: pulumi.Output<string>;
  /** `nodeadm/<node>.yaml` → NodeConfig with the real credentials (secret: holds the activation code). */
  readonly nodeadmConfigs: pulumi.Output<Record<string, string>>;
  /** The security group EKS created for the cluster (control plane ENIs and managed node groups). */
  readonly eksClusterSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: HybridClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eks-hybrid:cluster:HybridCluster", name, {}, opts);
    const plan = args.plan;
    const parent = { parent: this };
    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent).partition;

    const facts = plan.cluster.existingClusterName
      ? this.adopt(name, plan, plan.cluster.existingClusterName)
      : this.create(name, plan, args, partition);

    const issuerHost = facts.issuer.apply((u) => u.replace(/^https:\/\//, ""));
    if (plan.cluster.existingClusterName) {
      // An adopted cluster keeps its IAM OIDC provider; its ARN follows from the issuer.
      this.oidcProviderArn = pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:oidc-provider/${issuerHost}`;
      this.oidcProviderUrl = issuerHost;
    } else {
      const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: facts.issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);
      this.oidcProviderArn = oidc.arn;
      this.oidcProviderUrl = oidc.url;
    }

    const nodes = hybridNodeCredentials(name, plan, facts, { partition, accountId: identity.accountId }, this);
    this.hybridNodesRoleArn = nodes.role.arn;
    this.nodeadmConfigs = pulumi.secret(nodes.credentials.apply((c) => renderNodeadmFiles(plan, c)));

    this.clusterName = facts.name;
    this.eksClusterSecurityGroupId = facts.clusterSecurityGroupId;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([facts.name, facts.endpoint, facts.caData])
        .apply(([clusterName, endpoint, certificateAuthorityData]) =>
          renderKubeconfig({ clusterName, endpoint, certificateAuthorityData, region: plan.region }),
        ),
    );
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this });

    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
      hybridNodesRoleArn: this.hybridNodesRoleArn,
      nodeadmConfigs: this.nodeadmConfigs,
      eksClusterSecurityGroupId: this.eksClusterSecurityGroupId,
    });
  }

  private create(name: string, plan: NetworkPlan, args: HybridClusterArgs, partition: pulumi.Output<string>): ClusterFacts {
    const c = plan.cluster;
    const role = new aws.iam.Role(`${name}-cluster`, { assumeRolePolicy: JSON.stringify(clusterTrustPolicy()) }, { parent: this });
    const policy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster-${MANAGED_POLICIES.cluster}`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${MANAGED_POLICIES.cluster}`,
      },
      { parent: this },
    );
    const cluster = new aws.eks.Cluster(
      `${name}-cluster`,
      {
        name: c.name,
        version: c.kubernetesVersion,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          securityGroupIds: args.securityGroupIds,
          endpointPublicAccess: c.endpointPublic,
          endpointPrivateAccess: c.endpointPrivate,
        },
        accessConfig: { authenticationMode: c.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
        kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: c.serviceCidr },
        remoteNetworkConfig: {
          remoteNodeNetworks: { cidrs: [...plan.remote.nodeCidrs] },
          remotePodNetworks: { cidrs: [...plan.remote.podCidrs] },
        },
        deletionProtection: plan.protect,
      },
      { parent: this, protect: plan.protect, dependsOn: [policy] },
    );
    return {
      name: cluster.name,
      arn: cluster.arn,
      endpoint: cluster.endpoint,
      caData: cluster.certificateAuthority.data,
      issuer: cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? ""),
      clusterSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
    };
  }

  private adopt(name: string, plan: NetworkPlan, clusterName: string): ClusterFacts {
    const found = aws.eks.getClusterOutput({ name: clusterName }, { parent: this });
    // The security groups of a live cluster cannot be changed, so HybridNetwork's group is attached
    // to nothing: the control plane's ingress from the remote networks goes onto the cluster
    // security group EKS created (its egress allows all by default).
    const clusterSg = found.vpcConfig.clusterSecurityGroupId;
    const ingress = clusterSecurityGroupRules(plan).filter((x) => x.direction === "ingress");
    securityGroupRuleResources(`${name}-cluster-sg`, clusterSg, ingress, { parent: this });
    return {
      name: found.name,
      arn: found.arn,
      endpoint: found.endpoint,
      caData: found.certificateAuthorities.apply((c) => c[0]?.data ?? ""),
      issuer: found.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? ""),
      clusterSecurityGroupId: clusterSg,
    };
  }
}
