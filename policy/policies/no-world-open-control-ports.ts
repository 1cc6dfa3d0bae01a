/** no-world-open-control-ports: no security group rule opens 443 or 10250 to 0.0.0.0/0 or ::/0. */
import { checkWorldOpenPorts, CONTROL_PORTS, IngressRule, Problem } from "../../components/plan/rules";
import { resourcePolicy } from "../lib/define";
import { isUnknown, known, num } from "../lib/props";
import { Plain, T } from "../lib/stack";

function port(v: unknown): number | undefined {
  const n = num(v);
  return isUnknown(n) ? undefined : n;
}

function cidrs(...lists: unknown[]): string[] {
  return lists.flatMap((l) => (typeof l === "string" ? [l] : known<string>(l).map((x) => String(x.value))));
}

/** The ingress rules a resource declares, in one shape. */
function ingressRules(r: Plain): IngressRule[] {
  const p = r.p;
  switch (r.type) {
    case T.sgIngress:
      return [
        {
          key: "ingress",
          protocol: String(p.ipProtocol ?? ""),
          fromPort: port(p.fromPort),
          toPort: port(p.toPort),
          sources: cidrs(p.cidrIpv4, p.cidrIpv6),
        },
      ];
    case T.sgRule:
      return p.type === "ingress"
        ? [
            {
              key: "ingress",
              protocol: String(p.protocol ?? ""),
              fromPort: port(p.fromPort),
              toPort: port(p.toPort),
              sources: cidrs(p.cidrBlocks, p.ipv6CidrBlocks),
            },
          ]
        : [];
    case T.sg:
      return known<any>(p.ingress).map(({ index, value: i }) => ({
        key: `ingress[${index}]`,
        protocol: String(i.protocol ?? ""),
        fromPort: port(i.fromPort),
        toPort: port(i.toPort),
        sources: cidrs(i.cidrBlocks, i.ipv6CidrBlocks),
      }));
  }
  return [];
}

export const noWorldOpenControlPorts = resourcePolicy<{ ports: number[] }>({
  name: "no-world-open-control-ports",
  description: "No security group rule opens the API server (443) or kubelet (10250) port to 0.0.0.0/0 or ::/0.",
  types: [T.sg, T.sgIngress, T.sgRule],
  config: {
    ports: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [...CONTROL_PORTS],
      description: "Ports that must not be open to the Internet.",
    },
  },
  check: (r, config) => ingressRules(r).flatMap((rule): Problem[] => checkWorldOpenPorts(rule, config.ports ?? CONTROL_PORTS)),
});
