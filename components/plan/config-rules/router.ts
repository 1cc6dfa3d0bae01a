/** Rules on the on-prem router's own options. */
import { ConfigRule } from "./rule";

export const redistributeStatic: ConfigRule = {
  id: "router-redistribute-static",
  summary:
    "`router.redistributeStatic` needs static pod routes on the router (`cni.routing: static`); with BGP the nodes announce their blocks themselves.",
  source: "components/render/router/routing.ts (the router holds per-node static routes only with static CNI routing)",
  reads: ["router.redistributeStatic.protocol", "cni.routing"],
  check: (c) => {
    const r = c.router?.redistributeStatic;
    const routing = c.cni?.routing;
    if (!r || routing === undefined || routing === "static") return [];
    return [
      {
        key: "router.redistributeStatic.protocol",
        value: String(r.protocol),
        rule: `needs static pod routes on the router, but cni.routing is ${routing} (the nodes announce their blocks over BGP)`,
      },
    ];
  },
};
