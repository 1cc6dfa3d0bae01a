/**
 * The gateway pod's route policy against the request the gateway really makes.
 *
 * The request: github.com/aws/eks-hybrid-nodes-gateway internal/aws/routetable.go calls
 * `CreateRoute` / `ReplaceRoute` with `RouteTableId` and `NetworkInterfaceId` = the leader's
 * primary ENI. The Service Authorization Reference for EC2
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html) makes
 * both the `route-table` and the target (`network-interface`) resources of such a request, each
 * with the `ec2:Vpc` condition key. The small evaluator below is the oracle: every resource of
 * the request must be allowed by some statement (action, resource ARN with `*`, `ArnEquals`).
 */
import { strict as assert } from "node:assert";
import { gatewayRoutePolicy, PolicyDocument } from "../components/render/gateway";

const CTX = { partition: "aws", region: "us-west-2", accountId: "123456789012", clusterName: "c" };
const VPC = "vpc-0a";
const arn = (type: string, id: string) => `arn:aws:ec2:us-west-2:123456789012:${type}/${id}`;

interface RequestResource {
  readonly arn: string;
  /** Condition keys EC2 sets for this resource. */
  readonly context: Readonly<Record<string, string>>;
}

const glob = (pattern: string, s: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&"))
      .join(".*")}$`,
  ).test(s);

function allowed(doc: PolicyDocument, action: string, resources: readonly RequestResource[]): boolean {
  return resources.every((r) =>
    doc.Statement.some((st: any) => {
      const actions: string[] = [st.Action].flat();
      const arns: string[] = [st.Resource].flat();
      if (st.Effect !== "Allow" || !actions.some((a) => glob(a, action)) || !arns.some((a) => glob(a, r.arn))) return false;
      const arnEquals: Record<string, string> = st.Condition?.ArnEquals ?? {};
      return Object.entries(arnEquals).every(([k, v]) => r.context[k] !== undefined && glob(v, r.context[k]));
    }),
  );
}

/** The gateway's CreateRoute: a route table and the ENI it points at, both in `vpc`. */
const request = (table: string, eniVpc: string): RequestResource[] => [
  { arn: arn("route-table", table), context: { "ec2:Vpc": arn("vpc", VPC) } },
  { arn: arn("network-interface", "eni-1"), context: { "ec2:Vpc": arn("vpc", eniVpc) } },
];

describe("gateway route IAM: the gateway's own request, scoped as tightly as EC2 allows", () => {
  const doc = gatewayRoutePolicy(CTX, ["rtb-a", "rtb-b"], VPC);

  it("allows CreateRoute and ReplaceRoute on the cluster's route tables towards an ENI of the cluster VPC", () => {
    for (const action of ["ec2:CreateRoute", "ec2:ReplaceRoute"]) {
      assert.ok(allowed(doc, action, request("rtb-a", VPC)), action);
      assert.ok(allowed(doc, action, request("rtb-b", VPC)), action);
    }
  });

  it("denies another route table, an ENI of another VPC, and other write actions", () => {
    assert.ok(!allowed(doc, "ec2:CreateRoute", request("rtb-other", VPC)));
    assert.ok(!allowed(doc, "ec2:CreateRoute", request("rtb-a", "vpc-0other")));
    assert.ok(!allowed(doc, "ec2:DeleteRoute", request("rtb-a", VPC)));
  });

  it("planted fault: a policy on the route tables alone (the ENI statement dropped) denies the gateway's request", () => {
    const tablesOnly: PolicyDocument = { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== "RouteTargetIsAnEniOfTheClusterVpc") };
    assert.ok(!allowed(tablesOnly, "ec2:CreateRoute", request("rtb-a", VPC)));
  });

  it("AWS's documented policy (all four actions on *) allows the request too: the scoping loses nothing the gateway needs", () => {
    // hybrid-nodes-gateway-getting-started.html, "IAM permissions for route table management".
    const aws: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DescribeRouteTables", "ec2:DescribeInstances"],
          Resource: "*",
        },
      ],
    };
    assert.ok(allowed(aws, "ec2:ReplaceRoute", request("rtb-a", VPC)));
    const describe = doc.Statement.find((s: any) => [s.Action].flat().includes("ec2:DescribeRouteTables"))!;
    assert.equal(describe.Resource, "*", "Describe actions take no resource-level permissions");
  });
});
