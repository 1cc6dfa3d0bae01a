/**
 * The `loadBalancing` section against the rest of the config: pool addresses and names, which
 * load balancers can run together and with which CNI, webhook ports, the ALB controller's chart.
 */
import { Cidr } from "./cidr";
import { PartialConfig } from "./parse-config";
import { checkLbPools, checkUniquePoolNames, ReservedAddress } from "./rules/lb-pools";
import { checkAlbControllerVersion, checkLoadBalancingPlacement } from "./rules/load-balancing";
import { Problem } from "./rules/problem";

/** Every problem of `c.loadBalancing` (which must be set). */
export function checkLoadBalancingConfig(c: PartialConfig, nodeCidrs: Cidr[], podCidrs: Cidr[], reserved: ReservedAddress[]): Problem[] {
  const lb = c.loadBalancing!;
  type Pool = { name?: string; addresses?: (string | undefined)[] } | undefined;
  const addressesOf = (list: Pool[] | undefined, key: string) =>
    (list ?? []).flatMap((p, i) =>
      (p?.addresses ?? []).flatMap((value, j) => (value === undefined ? [] : [{ key: `${key}[${i}].addresses[${j}]`, value }])),
    );
  const namesOf = (list: Pool[] | undefined, key: string) =>
    (list ?? []).flatMap((p, i) => (p?.name === undefined ? [] : [{ key: `${key}[${i}].name`, value: p.name }]));
  const problems: Problem[] = [];
  const entries = [
    ...(lb.metallb?.enabled ? addressesOf(lb.metallb.addressPools, "loadBalancing.metallb.addressPools") : []),
    ...(lb.ciliumLbIpam?.enabled ? addressesOf(lb.ciliumLbIpam.addressPools, "loadBalancing.ciliumLbIpam.addressPools") : []),
  ];
  problems.push(...checkLbPools(entries, { nodeCidrs, podCidrs, reserved }).problems);
  if (lb.metallb?.enabled) {
    problems.push(...checkUniquePoolNames(namesOf(lb.metallb.addressPools, "loadBalancing.metallb.addressPools"), "MetalLB IPAddressPool"));
  }
  if (lb.ciliumLbIpam?.enabled) {
    problems.push(
      ...checkUniquePoolNames(namesOf(lb.ciliumLbIpam.addressPools, "loadBalancing.ciliumLbIpam.addressPools"), "CiliumLoadBalancerIPPool"),
    );
  }
  if (lb.awsLoadBalancerController?.enabled && lb.awsLoadBalancerController.version !== undefined) {
    problems.push(
      ...checkAlbControllerVersion({ key: "loadBalancing.awsLoadBalancerController.version", value: lb.awsLoadBalancerController.version }),
    );
  }
  if (lb.metallb?.enabled && lb.metallb.addressPools?.length === 0) {
    problems.push({ key: "loadBalancing.metallb.addressPools", value: "[]", rule: "is empty; MetalLB needs at least one address pool" });
  }
  if (lb.ciliumLbIpam?.enabled) {
    const podRouting = c.cni?.podRouting ?? c.cni?.routing;
    if (c.cni?.kind !== undefined && podRouting !== undefined && !(c.cni.kind === "cilium" && podRouting === "bgp")) {
      problems.push({
        key: "loadBalancing.ciliumLbIpam.enabled",
        value: "true",
        rule: `needs Cilium with BGP routing (cni is ${c.cni.kind}/${c.cni.podRouting ?? c.cni.routing}); LB IPAM addresses are announced by Cilium's BGP control plane`,
      });
    }
    if (lb.ciliumLbIpam.addressPools?.length === 0)
      problems.push({
        key: "loadBalancing.ciliumLbIpam.addressPools",
        value: "[]",
        rule: "is empty; Cilium LB IPAM needs at least one pool",
      });
  }
  if (lb.metallb?.enabled && lb.ciliumLbIpam?.enabled) {
    problems.push({
      key: "loadBalancing.metallb.enabled",
      value: "true",
      rule: "conflicts with loadBalancing.ciliumLbIpam.enabled; both would assign LoadBalancer addresses",
    });
  }
  problems.push(
    ...checkLoadBalancingPlacement({
      metallb: Boolean(lb.metallb?.enabled),
      awsLoadBalancerController: Boolean(lb.awsLoadBalancerController?.enabled),
      ciliumLbIpam: Boolean(lb.ciliumLbIpam?.enabled),
      demoApps: { key: "loadBalancing.demoApps", value: lb.demoApps ?? false },
      webhookPorts: c.cluster?.webhookPorts
        ? { key: "cluster.webhookPorts", value: c.cluster.webhookPorts.filter((p) => p !== undefined) }
        : undefined,
    }),
  );
  if (lb.metallb?.enabled && lb.metallb.mode === "bgp" && (c.cni?.podRouting ?? c.cni?.routing) === "bgp") {
    problems.push({
      key: "loadBalancing.metallb.mode",
      value: "bgp",
      rule: `conflicts with cni.routing: bgp; the CNI already peers with the router from every node on port 179 (use mode: l2, or Cilium LB IPAM)`,
    });
  }
  return problems;
}
