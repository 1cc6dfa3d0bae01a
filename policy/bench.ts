/**
 * How long the pack takes on large stacks (for `npm run bench`; not a test, machines differ):
 * every policy on an `n`-resource stack (one hybrid cluster among many other teams' resources),
 * and the pool policies on `pools` pool resources. Targets: under 1 s for 5,000 resources,
 * under 0.2 s for 10,000 pools. Resources are built like the engine's (`policy/harness.ts`).
 */
import type { RecordedResource } from "./harness";
import { engineView, runPolicies } from "./harness";
import { policies } from "./policies";

const res = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({ type, name, inputs, custom: true });
const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** A hybrid cluster with its VPC, TGW and 16 subnets, routes and rules. */
function hybridCore(): RecordedResource[] {
  const out: RecordedResource[] = [
    res("aws:ec2/vpc:Vpc", "bench-vpc", { cidrBlock: "10.0.0.0/16" }),
    res("aws:ec2transitgateway/transitGateway:TransitGateway", "bench-tgw", {}),
    res("aws:ec2/securityGroup:SecurityGroup", "bench-sg", {
      vpcId: "bench-vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.100.0.0/16"] }],
    }),
  ];
  const subnets: string[] = [];
  for (let i = 0; i < 16; i++) {
    subnets.push(`bench-sub-${i}-id`);
    out.push(
      res("aws:ec2/subnet:Subnet", `bench-sub-${i}`, { vpcId: "bench-vpc-id", cidrBlock: `10.0.${i * 16}.0/20` }),
      res("aws:ec2/routeTable:RouteTable", `bench-rt-${i}`, {
        vpcId: "bench-vpc-id",
        routes: [
          { cidrBlock: "10.100.0.0/16", transitGatewayId: "bench-tgw-id" },
          { cidrBlock: "100.64.0.0/10", transitGatewayId: "bench-tgw-id" },
        ],
      }),
      res("aws:ec2/routeTableAssociation:RouteTableAssociation", `bench-assoc-${i}`, {
        subnetId: `bench-sub-${i}-id`,
        routeTableId: `bench-rt-${i}-id`,
      }),
    );
  }
  out.push(
    res("aws:eks/cluster:Cluster", "bench", {
      name: "bench",
      vpcConfig: { subnetIds: subnets, securityGroupIds: ["bench-sg-id"] },
      accessConfig: { authenticationMode: "API" },
      kubernetesNetworkConfig: { serviceIpv4Cidr: "172.16.0.0/16" },
      remoteNetworkConfig: { remoteNodeNetworks: { cidrs: ["10.100.0.0/16"] }, remotePodNetworks: { cidrs: ["100.64.0.0/10"] } },
    }),
    res("aws:eks/accessEntry:AccessEntry", "bench-nodes", {
      clusterName: "bench",
      principalArn: "arn:aws:iam::1:role/nodes",
      type: "HYBRID_LINUX",
    }),
  );
  return out;
}

/** About `n` resources: the hybrid core plus other teams' subnets, tables, routes, rules, roles and Services. */
export function benchStack(n: number): RecordedResource[] {
  const out = hybridCore();
  for (let i = 0; out.length < n; i++) {
    out.push(
      res("aws:ec2/subnet:Subnet", `other-sub-${i}`, { vpcId: "other-vpc-id", cidrBlock: `10.${1 + (i >> 8)}.${i & 255}.0/24` }),
      res("aws:ec2/routeTable:RouteTable", `other-rt-${i}`, {
        vpcId: "other-vpc-id",
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }],
      }),
      res("aws:ec2/routeTableAssociation:RouteTableAssociation", `other-assoc-${i}`, {
        subnetId: `other-sub-${i}-id`,
        routeTableId: `other-rt-${i}-id`,
      }),
      res("aws:ec2/route:Route", `other-route-${i}`, {
        routeTableId: `other-rt-${i}-id`,
        destinationCidrBlock: "172.20.0.0/16",
        transitGatewayId: "tgw-other",
      }),
      res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `other-rule-${i}`, {
        securityGroupId: "sg-other",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      }),
      res("aws:iam/role:Role", `other-role-${i}`, {
        assumeRolePolicy: JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
      res("kubernetes:core/v1:Service", `svc-${i}`, {
        metadata: { name: `svc-${i}` },
        spec: { type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" },
      }),
    );
  }
  return out;
}

/** The hybrid core with `count` Calico IPPools (/26 blocks of the pod CIDR) or MetalLB single-address pools. */
export function poolStack(count: number, kind: "calico" | "metallb"): RecordedResource[] {
  const pods = 0x64400000; // 100.64.0.0
  const nodes = 0x0a640000; // 10.100.0.0
  const out = hybridCore();
  for (let i = 0; i < count; i++) {
    out.push(
      kind === "calico"
        ? res("kubernetes:crd.projectcalico.org/v1:IPPool", `pool-${i}`, {
            metadata: { name: `pool-${i}` },
            spec: { cidr: `${ip(pods + i * 64)}/26` },
          })
        : res("kubernetes:metallb.io/v1beta1:IPAddressPool", `lb-${i}`, {
            metadata: { name: `lb-${i}` },
            spec: { addresses: [`${ip(nodes + 1024 + i)}/32`] },
          }),
    );
  }
  return out;
}

/** CPU milliseconds (median of `runs`; CPU time, as the machine may be shared) for every policy on an `n`-resource stack; throws on any finding. */
export async function benchPolicyPack(n = 5000, runs = 3): Promise<{ resources: number; ms: number }> {
  const stack = benchStack(n);
  const prepared = engineView(stack);
  return { resources: stack.length, ms: await median(runs, () => runPolicies(stack, { prepared })) };
}

/** CPU milliseconds (median) of each pool policy on `count` pools of its kind. */
export async function benchPoolPolicies(count = 10000, runs = 3): Promise<{ policy: string; pools: number; ms: number }[]> {
  const out: { policy: string; pools: number; ms: number }[] = [];
  for (const [name, kind] of [
    ["pod-pools-in-remote-pod-network", "calico"],
    ["lb-pools-in-node-network", "metallb"],
  ] as const) {
    const stack = poolStack(count, kind);
    const prepared = engineView(stack);
    const only = policies.filter((p) => p.name === name);
    out.push({ policy: name, pools: count, ms: await median(runs, () => runPolicies(stack, { policies: only, prepared })) });
  }
  return out;
}

async function median(
  runs: number,
  fn: () => Promise<{ mandatoryFailures: number; results: { violations: { message: string }[] }[] }>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    const report = await fn();
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / 1000);
    const found = report.results.flatMap((r) => r.violations.map((v) => v.message));
    if (found.length) throw new Error(`the bench stack should be clean:\n${found.slice(0, 5).join("\n")}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
