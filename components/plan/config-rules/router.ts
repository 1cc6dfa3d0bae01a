/** Rules on the on-prem router's own options. */
import { ConfigRule } from "./rule";

export const redistributeStatic: ConfigRule = {
  id: "router-redistribute-static",
  summary:
    "`router.redistributeStatic` needs static pod routes on the router (`cni.routing: static`); with BGP the nodes announce their blocks themselves.",
  source: "https://docs.frrouting.org/en/stable-8.4/bgp.html#redistribution-to-bgp",
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
