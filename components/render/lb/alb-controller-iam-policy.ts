/**
 * The IAM policy of the AWS Load Balancer Controller v2.14.1 (chart 1.14.1) and v3.5.0 (chart
 * 3.5.0) — upstream publishes the same document for both — statement by statement as the
 * controller's docs publish it (`docs/install/iam_policy.json` at each tag), written here as typed
 * data so that the partition is a parameter and a test can diff it against upstream per line.
 * Tag conditions scope writes to resources the controller tagged `elbv2.k8s.aws/cluster`.
 */

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** The controller releases whose published policy this is (`versions/alb-controller.ts` `iamPolicyOf`). */
export const ALB_CONTROLLER_POLICY_VERSIONS = ["v2.14.1", "v3.5.0"] as const;

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestTagged = { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" };
const resourceTagged = { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" };
/** Tag changes on resources the controller owns, but not re-tagging in the same request. */
const ownedNotRetagged = { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" };

const elbDescribe = [
  "DescribeLoadBalancers",
  "DescribeLoadBalancerAttributes",
  "DescribeListeners",
  "DescribeListenerCertificates",
  "DescribeSSLPolicies",
  "DescribeRules",
  "DescribeTargetGroups",
  "DescribeTargetGroupAttributes",
  "DescribeTargetHealth",
  "DescribeTags",
  "DescribeTrustStores",
  "DescribeListenerAttributes",
  "DescribeCapacityReservation",
].map((a) => `elasticloadbalancing:${a}`);

const ec2Describe = [
  "DescribeAccountAttributes",
  "DescribeAddresses",
  "DescribeAvailabilityZones",
  "DescribeInternetGateways",
  "DescribeVpcs",
  "DescribeVpcPeeringConnections",
  "DescribeSubnets",
  "DescribeSecurityGroups",
  "DescribeInstances",
  "DescribeNetworkInterfaces",
  "DescribeTags",
  "GetCoipPoolUsage",
  "DescribeCoipPools",
  "GetSecurityGroupsForVpc",
  "DescribeIpamPools",
  "DescribeRouteTables",
].map((a) => `ec2:${a}`);

/**
 * The controller's policy for `partition` (`aws`, `aws-cn`, `aws-us-gov`) and controller release
 * (`iamPolicyOf` of its line); throws for a release whose policy is not carried here.
 */
export function albControllerPolicy(partition = "aws", release: string = ALB_CONTROLLER_POLICY_VERSIONS[1]): PolicyDocument {
  if (!(ALB_CONTROLLER_POLICY_VERSIONS as readonly string[]).includes(release)) {
    throw new Error(`no AWS Load Balancer Controller IAM policy for ${release} (carried: ${ALB_CONTROLLER_POLICY_VERSIONS.join(", ")})`);
  }
  const elb = (path: string) => `arn:${partition}:elasticloadbalancing:*:*:${path}`;
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  const lbAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const allow = (Action: string[], Resource: string | string[] = "*", Condition?: PolicyStatement["Condition"]): PolicyStatement =>
    Condition ? { Effect: "Allow", Action, Resource, Condition } : { Effect: "Allow", Action, Resource };
  return {
    Version: "2012-10-17",
    Statement: [
      allow(["iam:CreateServiceLinkedRole"], "*", { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
      allow([...ec2Describe, ...elbDescribe]),
      allow([
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ]),
      allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
      allow(["ec2:CreateSecurityGroup"]),
      allow(["ec2:CreateTags"], securityGroups, { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: requestTagged }),
      allow(["ec2:CreateTags", "ec2:DeleteTags"], securityGroups, { Null: ownedNotRetagged }),
      allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], "*", {
        Null: resourceTagged,
      }),
      allow(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], "*", { Null: requestTagged }),
      allow([
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ]),
      allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], lbAndTargetGroups, { Null: ownedNotRetagged }),
      allow(
        ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
      ),
      allow(
        [
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:SetIpAddressType",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:ModifyCapacityReservation",
          "elasticloadbalancing:ModifyIpPools",
        ],
        "*",
        { Null: resourceTagged },
      ),
      allow(["elasticloadbalancing:AddTags"], lbAndTargetGroups, {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        Null: requestTagged,
      }),
      allow(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], elb("targetgroup/*/*")),
      allow([
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ]),
    ],
  };
}

/** Every action a policy document allows (sorted, unique). */
export function policyActions(doc: { Statement: readonly { Action: string | readonly string[] }[] }): string[] {
  return [...new Set(doc.Statement.flatMap((s) => (typeof s.Action === "string" ? [s.Action] : [...s.Action])))].sort();
}
