/**
 * IAM policy documents for the cluster and the hybrid nodes, as AWS documents them for EKS
 * Hybrid Nodes. Pure: ARNs come in as plain strings so the tests can read the documents.
 */

/** A policy document (JSON-serialisable). */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

const doc = (...Statement: Record<string, unknown>[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

/** AWS managed policies attached to the roles. */
export const MANAGED_POLICIES = {
  cluster: "AmazonEKSClusterPolicy",
  ecrPull: "AmazonEC2ContainerRegistryPullOnly",
  ssmCore: "AmazonSSMManagedInstanceCore",
} as const;

/** The EKS control plane assumes the cluster role. */
export function clusterTrustPolicy(): PolicyDocument {
  return doc({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
}

/** SSM assumes the hybrid nodes role for activated managed instances of this account and region. */
export function ssmTrustPolicy(partition: string, region: string, accountId: string): PolicyDocument {
  return doc({
    Effect: "Allow",
    Principal: { Service: "ssm.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ArnEquals: { "aws:SourceArn": `arn:${partition}:ssm:${region}:${accountId}:*` },
    },
  });
}

/**
 * IAM Roles Anywhere assumes the role for certificates of the trust anchor; the session name
 * must be the certificate's CN (= the node name nodeadm sends).
 */
export function rolesAnywhereTrustPolicy(trustAnchorArn: string): PolicyDocument {
  const fromAnchor = { ArnEquals: { "aws:SourceArn": trustAnchorArn } };
  return doc(
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:TagSession", "sts:SetSourceIdentity"],
      Condition: fromAnchor,
    },
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { ...fromAnchor, StringEquals: { "sts:RoleSessionName": "${aws:PrincipalTag/x509Subject/CN}" } },
    },
  );
}

/**
 * Tag key of the SSM hybrid activation that names the cluster; the managed instances it registers
 * inherit it, and `ssm:DeregisterManagedInstance` is allowed only on instances carrying this
 * cluster's ARN. As the EKS hybrid nodes credentials page
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html) and AWS's template
 * `aws/eks-hybrid` `example/hybrid-ssm-cfn.yaml` (parameter `SSMDeregisterConditionTagKey`,
 * default `EKSClusterARN`) do.
 */
export const SSM_CLUSTER_TAG = "EKSClusterARN";

/**
 * What nodeadm and the kubelet call: describe the cluster, list access entries; with SSM, manage
 * the registration — deregistration only of managed instances tagged with this cluster's ARN, so a
 * node's credentials cannot deregister other clusters' nodes.
 */
export function hybridNodesPolicy(
  clusterArn: string,
  credentials: "ssm" | "iam-roles-anywhere",
  partition: string,
  region: string,
  accountId: string,
): PolicyDocument {
  const statements: Record<string, unknown>[] = [
    { Sid: "EksDescribe", Effect: "Allow", Action: ["eks:DescribeCluster", "eks:ListAccessEntries"], Resource: clusterArn },
  ];
  if (credentials === "ssm") {
    statements.push(
      { Sid: "SsmDescribe", Effect: "Allow", Action: "ssm:DescribeInstanceInformation", Resource: "*" },
      {
        Sid: "SsmDeregister",
        Effect: "Allow",
        Action: "ssm:DeregisterManagedInstance",
        Resource: `arn:${partition}:ssm:${region}:${accountId}:managed-instance/*`,
        Condition: { StringEquals: { [`ssm:resourceTag/${SSM_CLUSTER_TAG}`]: clusterArn } },
      },
    );
  }
  return doc(...statements);
}
