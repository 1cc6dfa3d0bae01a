/**
 * The `gateway` stack under mocks: what pod routing mode `gateway` creates, with which values,
 * in which order. Expected values are AWS's (getting-started and CNI pages of the EKS Hybrid
 * Nodes gateway, https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html)
 * and the chart's (github.com/aws/eks-hybrid-nodes-gateway charts/eks-hybrid-nodes-gateway), and
 * the route tables are found from the recorded associations, not from the component.
 */
import { strict as assert } from "node:assert";
import { ProgramRun } from "../plan-runner/run-program";
import { ofType, resource, runStack } from "./helpers/run-stack";

const urn = (type: string, name: string) => `${type}::${name}`;
const T = {
  route: "aws:ec2/route:Route",
  assoc: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  cluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  addon: "aws:eks/addon:Addon",
  lt: "aws:ec2/launchTemplate:LaunchTemplate",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  pia: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  release: "kubernetes:helm.sh/v3:Release",
  sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
};

describe("pod routing mode gateway: the program's resources (gateway stack, mocks)", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runStack("gateway");
  });

  const inputsOf = (type: string, name: string): any => resource(run, type, name).inputs;

  /** Route tables of the cluster's subnets, from the recorded associations. */
  const clusterTables = () => {
    const subnets: string[] = inputsOf(T.cluster, "hybrid-gateway-cluster").vpcConfig.subnetIds;
    return [
      ...new Set(
        ofType(run, T.assoc)
          .filter((a) => subnets.includes(a.inputs.subnetId as string))
          .map((a) => a.inputs.routeTableId as string),
      ),
    ].sort();
  };

  it("no VPC route for the pod CIDR (the gateway owns it); node CIDR routes to the TGW stay", () => {
    const routes = ofType(run, T.route);
    assert.equal(routes.filter((r) => r.inputs.destinationCidrBlock === "192.168.32.0/23").length, 0);
    const node = routes.filter((r) => r.inputs.destinationCidrBlock === "192.168.200.0/24");
    assert.equal(node.length, 2, "one per private route table");
    assert.ok(node.every((r) => r.inputs.transitGatewayId));
  });

  it("the gateway release: OCI chart 1.0.0, managed-node-group mode, VPC CIDR, pod CIDRs, the cluster subnets' route tables", () => {
    const rel = { inputs: inputsOf(T.release, "hybrid-gateway-hybrid-nodes-gateway") };
    assert.equal(rel.inputs.chart, "oci://public.ecr.aws/eks/eks-hybrid-nodes-gateway");
    assert.equal(rel.inputs.version, "1.0.0");
    assert.equal(rel.inputs.namespace, "eks-hybrid-nodes-gateway");
    const v = rel.inputs.values;
    assert.deepEqual(v.autoMode, { enabled: false });
    assert.equal(v.vpcCIDR, "10.250.0.0/16");
    assert.equal(v.podCIDRs, "192.168.32.0/23");
    assert.deepEqual(String(v.routeTableIDs).split(",").sort(), clusterTables());
  });

  it("deploy order: the release waits for Cilium (VTEP), the gateway nodes and the pod identity; the nodes wait for the VPC CNI", () => {
    const rel = resource(run, T.release, "hybrid-gateway-hybrid-nodes-gateway");
    for (const d of [urn(T.release, "hybrid-gateway-cilium"), urn(T.nodeGroup, "hybrid-gateway-gw"), urn(T.pia, "hybrid-gateway-gw")])
      assert.ok(rel.dependencies.includes(d), `release depends on ${d}`);
    const ng = resource(run, T.nodeGroup, "hybrid-gateway-gw");
    assert.ok(ng.dependencies.includes(urn(T.addon, "hybrid-gateway-vpc-cni")));
    const pia = resource(run, T.pia, "hybrid-gateway-gw");
    assert.ok(pia.dependencies.includes(urn(T.addon, "hybrid-gateway-pod-identity-agent")));
  });

  it("gateway nodes: ≥ 2 across both AZs' private subnets, the chart's label, the NoSchedule taint it tolerates", () => {
    const ng = inputsOf(T.nodeGroup, "hybrid-gateway-gw");
    assert.deepEqual(ng.scalingConfig, { desiredSize: 2, minSize: 2, maxSize: 2 });
    assert.deepEqual([...ng.subnetIds].sort(), ["hybrid-gateway-private-us-west-2a-id", "hybrid-gateway-private-us-west-2b-id"]);
    assert.deepEqual(ng.labels, { "hybrid-gateway-node": "true" });
    assert.deepEqual(ng.taints, [{ key: "hybrid-gateway-node", value: "true", effect: "NO_SCHEDULE" }]);
    assert.equal(ng.launchTemplate.version, "1");
  });

  it("source/destination check: the launch template's user data switches it off on the primary ENI (IMDSv2)", () => {
    const lt = inputsOf(T.lt, "hybrid-gateway-gw");
    const userData = Buffer.from(lt.userData, "base64").toString("utf8");
    assert.match(userData, /^MIME-Version: 1\.0/);
    assert.match(userData, /aws ec2 modify-network-interface-attribute --network-interface-id "\$eni" --no-source-dest-check/);
    assert.match(userData, /X-aws-ec2-metadata-token/);
    assert.equal(lt.metadataOptions.httpTokens, "required");
    const p = JSON.parse(inputsOf(T.rolePolicy, "hybrid-gateway-gw-node-source-dest-check").policy);
    assert.equal(p.Statement[0].Action, "ec2:ModifyNetworkInterfaceAttribute");
    assert.match(JSON.stringify(p.Statement[0].Condition), /"ec2:Vpc":"arn:aws:ec2:us-west-2:123456789012:vpc\//);
  });

  it("VPC CNI add-on without SNAT to the hybrid pod CIDRs; the pod identity agent add-on", () => {
    const cni = inputsOf(T.addon, "hybrid-gateway-vpc-cni");
    assert.equal(cni.addonName, "vpc-cni");
    assert.deepEqual(JSON.parse(cni.configurationValues), { env: { AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: "192.168.32.0/23" } });
    assert.equal(inputsOf(T.addon, "hybrid-gateway-pod-identity-agent").addonName, "eks-pod-identity-agent");
  });

  it("route IAM: write only on the cluster subnets' route tables, describe on *, assumable only by the gateway's service account", () => {
    const doc = JSON.parse(inputsOf(T.rolePolicy, "hybrid-gateway-gw-routes").policy);
    const write = doc.Statement.find((s: any) => s.Action.includes("ec2:CreateRoute"));
    assert.deepEqual([...write.Action].sort(), ["ec2:CreateRoute", "ec2:ReplaceRoute"]);
    assert.deepEqual(
      [...write.Resource].sort(),
      clusterTables().map((id) => `arn:aws:ec2:us-west-2:123456789012:route-table/${id}`),
    );
    const eni = doc.Statement.find((s: any) => s.Resource === "arn:aws:ec2:us-west-2:123456789012:network-interface/*");
    const vpcId = inputsOf("aws:ec2/securityGroup:SecurityGroup", "hybrid-gateway-gw-nodes").vpcId;
    assert.deepEqual(
      eni.Condition,
      { ArnEquals: { "ec2:Vpc": `arn:aws:ec2:us-west-2:123456789012:vpc/${vpcId}` } },
      "route targets: ENIs of this VPC",
    );
    const describe = doc.Statement.find((s: any) => s.Action.includes("ec2:DescribeRouteTables"));
    assert.deepEqual([...describe.Action].sort(), ["ec2:DescribeInstances", "ec2:DescribeRouteTables"]);
    assert.equal(describe.Resource, "*");
    const trust = JSON.parse(inputsOf(T.role, "hybrid-gateway-gw-pod").assumeRolePolicy);
    assert.equal(trust.Statement[0].Principal.Service, "pods.eks.amazonaws.com");
    assert.equal(trust.Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], "eks-hybrid-nodes-gateway");
    const pia = inputsOf(T.pia, "hybrid-gateway-gw");
    assert.equal(pia.namespace, "eks-hybrid-nodes-gateway");
    assert.equal(pia.serviceAccount, "eks-hybrid-nodes-gateway");
  });

  it("security group: UDP 8472 from and to the remote node CIDR", () => {
    const vxlan = (rs: { inputs: any }[]) =>
      rs.filter((r) => r.inputs.ipProtocol === "udp" && r.inputs.fromPort === 8472 && r.inputs.cidrIpv4 === "192.168.200.0/24");
    assert.equal(vxlan(ofType(run, T.sgIn)).length, 1);
    assert.equal(vxlan(ofType(run, T.sgOut)).length, 1);
  });

  it("nopodroute: no gateway and no gateway nodes (its cloud nodes: test/mixed-cluster.test.ts)", async () => {
    const none = await runStack("nopodroute");
    assert.equal(none.registrations.filter((r) => r.type === "eks-hybrid:gateway:HybridNodesGateway").length, 0);
    assert.deepEqual(
      ofType(none, T.nodeGroup).map((r) => r.name),
      ["hybrid-nopodroute-cloud"],
    );
  });
});
