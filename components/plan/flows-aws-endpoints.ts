/**
 * Flows from the hybrid nodes (and their pods) to AWS service endpoints, per choice: the
 * credential provider (SSM hybrid activations or IAM Roles Anywhere), the nodeadm artifact
 * host, ECR and its S3 layer bucket, and each enabled add-on. Pure.
 *
 * Hosts as the EKS hybrid nodes networking page tables them
 * (https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html): "EKS node
 * artifacts" `hybrid-assets.eks.amazonaws.com`, EKS `eks.<region>.amazonaws.com`, ECR
 * `api.ecr.<region>.amazonaws.com` and the add-on registries, SSM `amazon-ssm-<region>.s3…`
 * (binary) and `ssm.<region>.amazonaws.com`, IAM Roles Anywhere `rolesanywhere.amazonaws.com`
 * (binary) and `rolesanywhere.<region>.amazonaws.com`; STS for IRSA.
 */
import { DOCS, NetworkFlow, cidrs, hosts } from "./flow-types";
import { NetworkPlan } from "./network-plan";

/** The AWS endpoint flows of the plan. */
export function awsEndpointFlows(plan: NetworkPlan): NetworkFlow[] {
  const r = plan.region;
  const nodes = cidrs("hybrid nodes", plan.remote.nodeCidrs);
  const pods = cidrs("pods on hybrid nodes", plan.remote.podCidrs);
  const https = { protocols: ["tcp"] as const, ports: [443], enforcedBy: ["onprem-firewall"] as const };
  const ssm = plan.cluster.nodeCredentials === "ssm";
  const flows: NetworkFlow[] = [
    {
      ...https,
      id: "nodes-to-node-artifacts",
      from: nodes,
      to: hosts("EKS node artifacts (S3 behind CloudFront)", ["hybrid-assets.eks.amazonaws.com"]),
      why: "nodeadm install and upgrade download Kubernetes and credential-provider binaries",
      source: DOCS.networking,
      phase: "install",
    },
    {
      ...https,
      id: "nodes-to-eks-api",
      from: nodes,
      to: hosts("EKS service endpoint", [`eks.${r}.amazonaws.com`]),
      why: "nodeadm init reads the cluster (eks:DescribeCluster)",
      source: DOCS.networking,
      phase: "ongoing",
    },
    {
      ...https,
      id: "nodes-to-ecr",
      from: nodes,
      to: hosts("ECR endpoints and the ECR layer bucket", [
        `api.ecr.${r}.amazonaws.com`,
        `*.dkr.ecr.${r}.amazonaws.com`,
        `prod-${r}-starport-layer-bucket.s3.${r}.amazonaws.com`,
      ]),
      why: "kubelet pulls EKS add-on and system images from ECR (layers come from S3)",
      source: DOCS.ecrEndpoints,
      phase: "ongoing",
    },
    ssm
      ? {
          ...https,
          id: "nodes-to-ssm-binary",
          from: nodes,
          to: hosts("SSM agent binary bucket", [`amazon-ssm-${r}.s3.${r}.amazonaws.com`]),
          why: "nodeadm install downloads the SSM agent",
          source: DOCS.networking,
          phase: "install",
        }
      : {
          ...https,
          id: "nodes-to-rolesanywhere-binary",
          from: nodes,
          to: hosts("IAM Roles Anywhere signing helper download", ["rolesanywhere.amazonaws.com"]),
          why: "nodeadm install downloads the IAM Roles Anywhere signing helper",
          source: DOCS.networking,
          phase: "install",
        },
    ssm
      ? {
          ...https,
          id: "nodes-to-ssm",
          from: nodes,
          to: hosts("SSM service endpoint", [`ssm.${r}.amazonaws.com`]),
          why: "SSM hybrid activation: registration, credential refresh and heartbeats",
          source: DOCS.networking,
          phase: "ongoing",
        }
      : {
          ...https,
          id: "nodes-to-rolesanywhere",
          from: nodes,
          to: hosts("IAM Roles Anywhere service endpoint", [`rolesanywhere.${r}.amazonaws.com`]),
          why: "IAM Roles Anywhere: temporary credentials for the node (CreateSession)",
          source: DOCS.networking,
          phase: "ongoing",
        },
  ];
  // In a mixed cluster the controller runs on the cloud nodes (VPC), not on hybrid pods.
  if (plan.loadBalancing.awsLoadBalancerController && !plan.cloudNodes) {
    flows.push(
      {
        ...https,
        id: "pods-to-sts",
        from: pods,
        to: hosts("STS regional endpoint", [`sts.${r}.amazonaws.com`]),
        why: "IRSA: the AWS Load Balancer Controller exchanges its service account token (AssumeRoleWithWebIdentity)",
        source: DOCS.networking,
        phase: "ongoing",
      },
      {
        ...https,
        id: "alb-controller-to-aws-apis",
        from: pods,
        to: hosts("Elastic Load Balancing and EC2 endpoints", [`elasticloadbalancing.${r}.amazonaws.com`, `ec2.${r}.amazonaws.com`]),
        why: "the AWS Load Balancer Controller manages load balancers, target groups and security groups",
        source: DOCS.albControllerEndpoints,
        phase: "ongoing",
      },
    );
  }
  return flows;
}
