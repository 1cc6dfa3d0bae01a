/** Rules on the networks: remote node/pod CIDRs, the VPC, the service CIDR, and no overlaps. */
import { parseCidr } from "../cidr";
import { checkClusterSettings, SERVICE_CIDR_SOURCE } from "../rules/cluster-settings";
import { checkNoOverlap, NamedNetwork } from "../rules/overlap";
import { checkRemoteCidrs } from "../rules/remote-networks";
import { checkVpc } from "../rules/vpc";
import { ConfigRule, keyedList } from "./rule";
import { StackConfig } from "../config-schema";

const HYBRID_NETWORKING = "https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html";

export const remoteNodeCidrs: ConfigRule = {
  id: "remote-node-cidrs",
  summary: "Remote node CIDRs are IPv4, RFC 1918 or 100.64.0.0/10, /8 to /32.",
  source: HYBRID_NETWORKING,
  reads: ["onPrem.nodeCidrs"],
  check: (c) => checkRemoteCidrs("node", keyedList(c.onPrem?.nodeCidrs, "onPrem.nodeCidrs")).problems,
};

export const remotePodCidrs: ConfigRule = {
  id: "remote-pod-cidrs",
  summary: "Remote pod CIDRs are IPv4, RFC 1918 or 100.64.0.0/10, /8 to /32.",
  source: HYBRID_NETWORKING,
  reads: ["onPrem.podCidrs"],
  check: (c) => checkRemoteCidrs("pod", keyedList(c.onPrem?.podCidrs, "onPrem.podCidrs")).problems,
};

export const vpc: ConfigRule = {
  id: "vpc",
  summary:
    "The VPC is created from one /16–/23 CIDR or adopted with its id, every CIDR, 2+ private subnets and route tables; AZs are in the region.",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html",
  reads: [
    "vpc.cidr",
    "vpc.existingVpcId",
    "vpc.existingCidrs",
    "vpc.existingPrivateSubnetIds",
    "vpc.existingPrivateRouteTableIds",
    "vpc.existingSubnetsTagged",
    "vpc.availabilityZones",
    "vpc.azCount",
    "region",
  ],
  check: (c) => (c.vpc ? checkVpc(c.vpc as StackConfig["vpc"], c.region).problems : []),
};

export const serviceCidr: ConfigRule = {
  id: "service-cidr",
  summary: "The service CIDR is set, /12 to /24, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.",
  source: SERVICE_CIDR_SOURCE,
  reads: ["cluster.serviceCidr"],
  check: (c) =>
    c.cluster && "serviceCidr" in c.cluster
      ? checkClusterSettings({ serviceCidr: { key: "cluster.serviceCidr", value: c.cluster.serviceCidr } })
      : [],
};

export const noOverlap: ConfigRule = {
  id: "networks-do-not-overlap",
  summary: "Remote node, remote pod, VPC and service networks share no address (sort and sweep, O(n log n)).",
  source: HYBRID_NETWORKING,
  reads: ["onPrem.nodeCidrs", "onPrem.podCidrs", "vpc.cidr", "vpc.existingCidrs", "cluster.serviceCidr"],
  check: (c, { derived }) => {
    const networks: NamedNetwork[] = [
      ...derived.nodeCidrs.map((x) => ({ ...x, role: "remote node CIDR" })),
      ...derived.podCidrs.map((x) => ({ ...x, role: "remote pod CIDR" })),
    ];
    const vpcCidrs = c.vpc?.existingVpcId
      ? keyedList(c.vpc.existingCidrs, "vpc.existingCidrs")
      : c.vpc?.cidr
        ? [{ key: "vpc.cidr", value: c.vpc.cidr }]
        : [];
    for (const { key, value } of vpcCidrs) {
      const p = parseCidr(value);
      if (p.ok) networks.push({ key, cidr: p.value, role: "VPC CIDR" });
    }
    const svc = c.cluster?.serviceCidr === undefined ? undefined : parseCidr(c.cluster.serviceCidr);
    if (svc?.ok) networks.push({ key: "cluster.serviceCidr", role: "service CIDR", cidr: svc.value });
    return checkNoOverlap(networks);
  },
};
