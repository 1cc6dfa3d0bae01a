/**
 * How hybrid nodes authenticate: the hybrid nodes IAM role (trusted by SSM or IAM Roles
 * Anywhere), its permissions, the `HYBRID_LINUX` access entry (no access policies: EKS grants
 * node permissions itself), and an SSM hybrid activation or a Roles Anywhere trust anchor and profile.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPlan } from "../plan";
import { NodeCredentials } from "../render/nodeadm";
import { hybridNodesPolicy, MANAGED_POLICIES, rolesAnywhereTrustPolicy, SSM_CLUSTER_TAG, ssmTrustPolicy } from "./iam-policies";

/** Account facts the policies need. */
export interface AccountFacts {
  readonly partition: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
}

export interface NodeCredentialParts {
  readonly role: aws.iam.Role;
  readonly accessEntry: aws.eks.AccessEntry;
  /** Real credentials for nodeadm (the SSM activation code is a secret). */
  readonly credentials: pulumi.Output<NodeCredentials>;
}

export function hybridNodeCredentials(
  name: string,
  plan: NetworkPlan,
  cluster: { name: pulumi.Input<string>; arn: pulumi.Input<string> },
  account: AccountFacts,
  parent: pulumi.Resource,
): NodeCredentialParts {
  const opts = { parent };
  const json = (o: unknown) => JSON.stringify(o);
  const ssm = plan.cluster.nodeCredentials === "ssm";

  let anchor: aws.rolesanywhere.TrustAnchor | undefined;
  if (!ssm) {
    anchor = new aws.rolesanywhere.TrustAnchor(
      `${name}-hybrid-nodes`,
      {
        enabled: true,
        source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: plan.cluster.rolesAnywhereCaBundle ?? "" } },
      },
      opts,
    );
  }
  const trust = anchor
    ? anchor.arn.apply((arn) => json(rolesAnywhereTrustPolicy(arn)))
    : pulumi.all([account.partition, account.accountId]).apply(([p, a]) => json(ssmTrustPolicy(p, plan.region, a)));
  const role = new aws.iam.Role(
    `${name}-hybrid-nodes`,
    {
      assumeRolePolicy: trust,
      description: `EKS hybrid nodes of ${plan.cluster.name} (${plan.cluster.nodeCredentials})`,
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${name}-hybrid-nodes`,
    {
      role: role.name,
      policy: pulumi
        .all([cluster.arn, account.partition, account.accountId])
        .apply(([arn, p, a]) => json(hybridNodesPolicy(arn, plan.cluster.nodeCredentials, p, plan.region, a))),
    },
    opts,
  );
  const attach = (policy: string) =>
    new aws.iam.RolePolicyAttachment(
      `${name}-hybrid-nodes-${policy}`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${policy}`,
      },
      opts,
    );
  attach(MANAGED_POLICIES.ecrPull);
  const ssmCore = ssm ? attach(MANAGED_POLICIES.ssmCore) : undefined;

  const accessEntry = new aws.eks.AccessEntry(
    `${name}-hybrid-nodes`,
    {
      clusterName: cluster.name,
      principalArn: role.arn,
      type: "HYBRID_LINUX",
    },
    opts,
  );

  let credentials: pulumi.Output<NodeCredentials>;
  if (ssm) {
    const activation = new aws.ssm.Activation(
      `${name}-hybrid-nodes`,
      {
        iamRole: role.name,
        registrationLimit: plan.nodes.length,
        // Unset: AWS expires the activation 24 h after creation. Never computed here (it would change every run).
        expirationDate: plan.cluster.ssmActivationExpiry,
        description: `EKS hybrid nodes of ${plan.cluster.name}`,
        // The managed instances inherit it; the nodes role may deregister only instances with this tag.
        tags: { [SSM_CLUSTER_TAG]: cluster.arn },
      },
      { parent, dependsOn: [ssmCore!], additionalSecretOutputs: ["activationCode"] },
    );
    credentials = pulumi.secret(
      pulumi
        .all([activation.id, activation.activationCode])
        .apply(([activationId, activationCode]): NodeCredentials => ({ kind: "ssm", activationId, activationCode })),
    );
  } else {
    const profile = new aws.rolesanywhere.Profile(
      `${name}-hybrid-nodes`,
      {
        enabled: true,
        roleArns: [role.arn],
        acceptRoleSessionName: true,
      },
      opts,
    );
    credentials = pulumi.all([anchor!.arn, profile.arn, role.arn]).apply(([trustAnchorArn, profileArn, roleArn]): NodeCredentials => ({
      kind: "iam-roles-anywhere",
      trustAnchorArn,
      profileArn,
      roleArn,
    }));
  }
  return { role, accessEntry, credentials };
}
