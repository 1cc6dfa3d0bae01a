/** Every policy of the pack, in the order the README lists them. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { WithMeta } from "../lib/define";
import { bgpAsnConsistent } from "./bgp-asn-consistent";
import { chartValuesKnown } from "./chart-values-known";
import { cidrNonOverlap } from "./cidr-non-overlap";
import { hybridAccessEntry } from "./hybrid-access-entry";
import { hybridClusterSettings } from "./hybrid-cluster-settings";
import { irsaTrustScoped } from "./irsa-trust-scoped";
import { lbPoolsInNodeNetwork } from "./lb-pools-in-node-network";
import { noWorldOpenControlPorts } from "./no-world-open-control-ports";
import { podPoolsInRemotePodNetwork } from "./pod-pools-in-remote-pod-network";
import { remoteCidrsPrivate } from "./remote-cidrs-private";
import { remoteCidrsRoutable } from "./remote-cidrs-routable";
import { serviceLoadBalancerClass } from "./service-load-balancer-class";
import { gatewayCiliumVtep } from "./gateway-cilium-vtep";
import { gatewayPodRoutesNotInIac } from "./gateway-pod-routes-not-in-iac";
import { gatewayRouteTables } from "./gateway-route-tables";
import { webhookPlacement } from "./webhook-placement";

export const policies: WithMeta<ResourceValidationPolicy | StackValidationPolicy>[] = [
  cidrNonOverlap,
  podPoolsInRemotePodNetwork,
  lbPoolsInNodeNetwork,
  remoteCidrsRoutable,
  remoteCidrsPrivate,
  hybridClusterSettings,
  noWorldOpenControlPorts,
  hybridAccessEntry,
  irsaTrustScoped,
  chartValuesKnown,
  bgpAsnConsistent,
  serviceLoadBalancerClass,
  gatewayRouteTables,
  gatewayPodRoutesNotInIac,
  gatewayCiliumVtep,
  webhookPlacement,
];

export const PACK_NAME = "eks-hybrid-network";
