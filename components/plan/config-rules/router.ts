/** Rules on the on-prem router's own options. */
import { ConfigRule } from "./rule";

export const redistributeStatic: ConfigRule = {
  id: "router-redistribute-static",
  summary:
    "router.redistributeStatic needs static pod routes on the router: cni.routing static (with BGP the nodes announce their blocks).",
  source: "https://docs.frrouting.org/en/stable-8.4/ospfd.html#redistribution",
  reads: ["router.redistributeStatic.protocol", "cni.routing"],
  check: (c) => {
    const r = c.router?.redistributeStatic;
    if (!r || c.cni?.routing === undefined || c.cni.routing === "static") return [];
    return [
      {
        key: "router.redistributeStatic.protocol",
        value: String(r.protocol),
        rule: `needs static pod routes on the router, but cni.routing is ${c.cni.routing} (the nodes announce their blocks over BGP)`,
      },
    ];
  },
};
