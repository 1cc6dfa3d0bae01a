import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ns, ofType, resource, runStack } from "./helpers/run-stack";

const CLUSTER = "aws:eks/cluster:Cluster";
const ROLE = "aws:iam/role:Role";
const value = <T>(o: unknown) => new Promise<T>((r) => (o as pulumi.Output<T>).apply((v) => r(v)));
const devCluster = { name: "hybrid-dev", serviceCidr: "172.16.0.0/16" };
/** An expiry SSM accepts today: in the future and at most 30 days ahead (CreateActivation). */
const inTenDays = new Date(Date.now() + 10 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");

describe("HybridCluster under mocks", () => {
  it("dev: the cluster with remote networks, explicit service CIDR, API auth, public endpoint, the hybrid SG", async () => {
    const run = await runStack("dev");
    const c = resource(run, CLUSTER, "hybrid-dev-cluster").inputs as Record<string, any>;
    assert.equal(c.name, "hybrid-dev");
    assert.equal(
      c.version,
      (
        parse(fs.readFileSync(`${__dirname}/../Pulumi.dev.yaml`, "utf8")).config["eks-hybrid-network:cluster"] as {
          kubernetesVersion: string;
        }
      ).kubernetesVersion,
    );
    assert.deepEqual(c.remoteNetworkConfig, {
      remoteNodeNetworks: { cidrs: ["192.168.200.0/24"] },
      remotePodNetworks: { cidrs: ["192.168.32.0/23"] },
    });
    assert.deepEqual(c.kubernetesNetworkConfig, { ipFamily: "ipv4", serviceIpv4Cidr: "172.16.0.0/16" });
    assert.equal(c.accessConfig.authenticationMode, "API");
    assert.deepEqual(c.vpcConfig, {
      subnetIds: ["hybrid-dev-private-us-west-2a-id", "hybrid-dev-private-us-west-2b-id"],
      securityGroupIds: ["hybrid-dev-hybrid-id"],
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
    });
    assert.equal(c.deletionProtection, false);
    assert.equal(c.roleArn, "arn:aws:iam:us-west-2:123456789012:hybrid-dev-cluster");
  });

  it("prod: private endpoint and deletion protection", async () => {
    const c = resource(await runStack("prod"), CLUSTER, "hybrid-prod-cluster").inputs as Record<string, any>;
    assert.equal(c.vpcConfig.endpointPublicAccess, false);
    assert.equal(c.vpcConfig.endpointPrivateAccess, true);
    assert.equal(c.deletionProtection, true);
  });

  it("IAM: cluster role trusted by EKS; hybrid nodes role trusted by SSM of this account, with the documented permissions", async () => {
    const run = await runStack("dev");
    const clusterTrust = JSON.parse(String(resource(run, ROLE, "hybrid-dev-cluster").inputs.assumeRolePolicy));
    assert.deepEqual(clusterTrust.Statement[0].Principal, { Service: "eks.amazonaws.com" });
    const trust = JSON.parse(String(resource(run, ROLE, "hybrid-dev-hybrid-nodes").inputs.assumeRolePolicy));
    assert.deepEqual(trust.Statement, [
      {
        Effect: "Allow",
        Principal: { Service: "ssm.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnEquals: { "aws:SourceArn": "arn:aws:ssm:us-west-2:123456789012:*" },
        },
      },
    ]);
    const policy = JSON.parse(String(resource(run, "aws:iam/rolePolicy:RolePolicy", "hybrid-dev-hybrid-nodes").inputs.policy));
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
    assert.deepEqual(actions, [
      "eks:DescribeCluster",
      "eks:ListAccessEntries",
      "ssm:DeregisterManagedInstance",
      "ssm:DescribeInstanceInformation",
    ]);
    assert.equal(policy.Statement[0].Resource, "arn:aws:eks:us-west-2:123456789012:hybrid-dev-cluster");
    // Deregistration only of this cluster's managed instances: the condition on the activation's tag,
    // as https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html and aws/eks-hybrid
    // example/hybrid-ssm-cfn.yaml (SSMDeregisterConditionTagKey default EKSClusterARN) write it.
    const dereg = policy.Statement.find((s: { Action: string }) => s.Action === "ssm:DeregisterManagedInstance");
    assert.deepEqual(dereg.Condition, {
      StringEquals: { "ssm:resourceTag/EKSClusterARN": "arn:aws:eks:us-west-2:123456789012:hybrid-dev-cluster" },
    });
    assert.equal(dereg.Resource, "arn:aws:ssm:us-west-2:123456789012:managed-instance/*");
    const act = resource(run, "aws:ssm/activation:Activation", "hybrid-dev-hybrid-nodes").inputs;
    assert.deepEqual(act.tags, { EKSClusterARN: "arn:aws:eks:us-west-2:123456789012:hybrid-dev-cluster" }, "the tag the condition reads");
    const unconditioned = policy.Statement.filter(
      (s: { Action: string | string[]; Condition?: unknown }) =>
        [s.Action].flat().some((a) => a.startsWith("ssm:Deregister")) && !s.Condition,
    );
    assert.deepEqual(unconditioned, [], "no unconditioned deregistration");
    const attached = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .map((a) => `${a.inputs.role} ${a.inputs.policyArn}`)
      .sort();
    assert.deepEqual(attached, [
      "hybrid-dev-cluster arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      "hybrid-dev-hybrid-nodes arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "hybrid-dev-hybrid-nodes arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });

  it("a HYBRID_LINUX access entry for the nodes role, with no access policies", async () => {
    const run = await runStack("dev");
    assert.deepEqual(resource(run, "aws:eks/accessEntry:AccessEntry", "hybrid-dev-hybrid-nodes").inputs, {
      clusterName: "hybrid-dev",
      principalArn: "arn:aws:iam:us-west-2:123456789012:hybrid-dev-hybrid-nodes",
      type: "HYBRID_LINUX",
    });
    assert.equal(ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").length, 0);
  });

  it("an SSM activation for exactly the planned nodes, its code secret everywhere", async () => {
    const nodes = ["11", "12", "13"].map((o, i) => ({ name: `node-0${i + 1}`, ip: `192.168.200.${o}` }));
    const run = await runStack("dev", { [ns("nodes")]: nodes });
    const act = resource(run, "aws:ssm/activation:Activation", "hybrid-dev-hybrid-nodes").inputs;
    assert.deepEqual([act.registrationLimit, act.iamRole], [3, "hybrid-dev-hybrid-nodes"]);
    assert.equal(await pulumi.isSecret(run.rawOutputs.nodeadmConfigs as pulumi.Output<unknown>), true);
    assert.equal(run.outputs.nodeadmConfigs, "[secret]");
    const real = await value<Record<string, string>>(run.rawOutputs.nodeadmConfigs);
    assert.deepEqual(parse(real["nodeadm/node-03.yaml"]).spec.hybrid.ssm, {
      activationCode: "<hybrid-dev-hybrid-nodes.activationCode>",
      activationId: "hybrid-dev-hybrid-nodes-id",
    });
    const files = run.outputs.artifacts as Record<string, string>;
    assert.ok(!files["nodeadm/node-03.yaml"].includes("activationCode>"), "the file masks the code");
  });

  it("kubeconfig is secret, built from the cluster, and feeds the Kubernetes provider", async () => {
    const run = await runStack("dev");
    assert.equal(await pulumi.isSecret(run.rawOutputs.kubeconfig as pulumi.Output<unknown>), true);
    const kc = parse(await value<string>(run.rawOutputs.kubeconfig));
    assert.equal(kc.clusters[0].cluster.server, "https://hybrid-dev-cluster.example.eks.amazonaws.com");
    assert.deepEqual(kc.users[0].user.exec.args.slice(0, 6), ["eks", "get-token", "--cluster-name", "hybrid-dev", "--region", "us-west-2"]);
    assert.equal(resource(run, "pulumi:providers:kubernetes", "hybrid-dev-k8s").inputs.kubeconfig, "[secret]");
  });

  it("OIDC provider for IRSA from the cluster's issuer", async () => {
    const run = await runStack("dev");
    assert.deepEqual(resource(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "hybrid-dev-oidc").inputs, {
      url: "https://oidc.eks.us-west-2.amazonaws.com/id/HYBRID-DEV-CLUSTER",
      clientIdLists: ["sts.amazonaws.com"],
    });
  });

  it("nodeadm files in the artifacts carry each node's IP and pool labels", async () => {
    const run = await runStack("dev");
    const files = run.outputs.artifacts as Record<string, string>;
    for (const [n, ip] of [
      ["node-01", "192.168.200.11"],
      ["node-02", "192.168.200.12"],
    ]) {
      const doc = parse(files[`nodeadm/${n}.yaml`]);
      assert.deepEqual(doc.spec.kubelet.flags, [`--node-ip=${ip}`, `--node-labels=zone=${n}`]);
      assert.equal(doc.spec.hybrid.ssm.activationCode, "[secret]");
    }
  });

  it("IAM Roles Anywhere: trust anchor from the CA bundle, profile, role trusted by Roles Anywhere, no activation", async () => {
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const run = await runStack("dev", {
      [ns("cluster")]: { ...devCluster, nodeCredentials: "iam-roles-anywhere", rolesAnywhereCaBundle: ca },
    });
    const anchor = resource(run, "aws:rolesanywhere/trustAnchor:TrustAnchor", "hybrid-dev-hybrid-nodes").inputs as Record<string, any>;
    assert.deepEqual(anchor.source, { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: ca } });
    const profile = resource(run, "aws:rolesanywhere/profile:Profile", "hybrid-dev-hybrid-nodes").inputs;
    assert.deepEqual(profile.roleArns, ["arn:aws:iam:us-west-2:123456789012:hybrid-dev-hybrid-nodes"]);
    // nodeadm sends the node name as the session name; the profile must accept it.
    assert.equal(profile.acceptRoleSessionName, true);
    const trust = JSON.parse(String(resource(run, ROLE, "hybrid-dev-hybrid-nodes").inputs.assumeRolePolicy));
    assert.ok(trust.Statement.every((s: any) => s.Principal.Service === "rolesanywhere.amazonaws.com"));
    // Same class of problem as SSM deregistration: a certificate may only assume the role as its own
    // CN (= the node name), per https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html.
    const assume = trust.Statement.find((s: any) => s.Action === "sts:AssumeRole");
    assert.equal(assume.Condition.StringEquals["sts:RoleSessionName"], "${aws:PrincipalTag/x509Subject/CN}");
    assert.ok(
      trust.Statement.every(
        (s: any) => s.Condition.ArnEquals["aws:SourceArn"] === "arn:aws:rolesanywhere:us-west-2:123456789012:hybrid-dev-hybrid-nodes",
      ),
    );
    assert.equal(ofType(run, "aws:ssm/activation:Activation").length, 0);
    assert.ok(
      !ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").some((a) =>
        String(a.inputs.policyArn).endsWith("AmazonSSMManagedInstanceCore"),
      ),
    );
    const real = await value<Record<string, string>>(run.rawOutputs.nodeadmConfigs);
    assert.equal(parse(real["nodeadm/node-01.yaml"]).spec.hybrid.iamRolesAnywhere.nodeName, "node-01");
  });

  it("adopting a cluster registers no cluster, cluster role or OIDC provider, and uses the adopted cluster", async () => {
    const run = await runStack("dev", { [ns("cluster")]: { ...devCluster, existingClusterName: "lab-cluster" } });
    assert.equal(ofType(run, CLUSTER).length, 0);
    assert.equal(ofType(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    assert.equal(ofType(run, ROLE).filter((r) => r.name.endsWith("-cluster")).length, 0);
    assert.equal(resource(run, "aws:eks/accessEntry:AccessEntry", "hybrid-dev-hybrid-nodes").inputs.clusterName, "lab-cluster");
    assert.equal(run.outputs.clusterName, "lab-cluster");
    const kc = parse(await value<string>(run.rawOutputs.kubeconfig));
    assert.equal(kc.clusters[0].cluster.server, "https://lab-cluster.example.eks.amazonaws.com");
  });

  it("adopting keeps every network resource's name (and the protected TGW and VPN): resources are named after cluster.name", async () => {
    const created = await runStack("dev");
    const adopted = await runStack("dev", { [ns("cluster")]: { ...devCluster, existingClusterName: "lab-cluster" } });
    const network = (run: typeof created) => {
      const component = run.registrations.find((r) => r.type === "eks-hybrid:network:HybridNetwork")!;
      const inNetwork = new Set([component.urn]);
      // Children and grandchildren (the SG rules are children of the SG).
      for (const r of run.registrations) if (r.parent && inNetwork.has(r.parent)) inNetwork.add(r.urn);
      return [...inNetwork].sort();
    };
    const names = network(created);
    assert.ok(names.includes("aws:ec2transitgateway/transitGateway:TransitGateway::hybrid-dev-tgw"), names.join(", "));
    assert.ok(names.some((u) => u.startsWith("aws:ec2/vpnConnection:VpnConnection::hybrid-dev")));
    assert.deepEqual(network(adopted), names);
    for (const type of ["aws:iam/role:Role", "aws:eks/accessEntry:AccessEntry", "pulumi:providers:kubernetes"]) {
      assert.ok(
        ofType(adopted, type).every((r) => r.name.startsWith("hybrid-dev-")),
        `${type} named after cluster.name`,
      );
    }
  });

  it("SSM activation expiry: passed as expirationDate when set, AWS's default (unset) otherwise, validated", async () => {
    const unset = resource(await runStack("dev"), "aws:ssm/activation:Activation", "hybrid-dev-hybrid-nodes").inputs;
    assert.equal(unset.expirationDate, undefined);
    const run = await runStack("dev", { [ns("cluster")]: { ...devCluster, ssmActivationExpiry: inTenDays } });
    assert.equal(resource(run, "aws:ssm/activation:Activation", "hybrid-dev-hybrid-nodes").inputs.expirationDate, inTenDays);
    await assert.rejects(
      runStack("dev", { [ns("cluster")]: { ...devCluster, ssmActivationExpiry: "in 30 days" } }),
      /cluster\.ssmActivationExpiry: "in 30 days" must be an RFC 3339 timestamp/,
    );
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    await assert.rejects(
      runStack("dev", {
        [ns("cluster")]: {
          ...devCluster,
          nodeCredentials: "iam-roles-anywhere",
          rolesAnywhereCaBundle: ca,
          ssmActivationExpiry: inTenDays,
        },
      }),
      /cluster\.ssmActivationExpiry: \S+ applies only with nodeCredentials: ssm/,
    );
  });

  it("adopting: the adopted cluster's security group gets TCP 443 from every remote node and pod CIDR", async () => {
    const run = await runStack("dev", { [ns("cluster")]: { ...devCluster, existingClusterName: "lab-cluster" } });
    const cluster = run.registrations.find((r) => r.type === "eks-hybrid:cluster:HybridCluster")!;
    const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent === cluster.urn);
    assert.deepEqual(
      rules
        .map((r) => `${r.inputs.securityGroupId} ${r.inputs.ipProtocol} ${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4}`)
        .sort(),
      ["sg-lab-cluster tcp 443-443 192.168.200.0/24", "sg-lab-cluster tcp 443-443 192.168.32.0/23"],
    );
    const created = await runStack("dev");
    const createdCluster = created.registrations.find((r) => r.type === "eks-hybrid:cluster:HybridCluster")!;
    assert.equal(
      ofType(created, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent === createdCluster.urn).length,
      0,
      "a created cluster gets HybridNetwork's group instead",
    );
  });
});
