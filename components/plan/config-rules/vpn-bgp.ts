/** Rules on the VPN and BGP: ASNs where they are used, the customer gateway, tunnel inside CIDRs. */
import { checkAsn, CUSTOMER_GATEWAY_ASN_SOURCE } from "../rules/asn";
import { Problem } from "../rules/problem";
import { checkCustomerGatewayIp, checkTunnelInsideCidrs, checkVpnBgpAsns } from "../rules/vpn";
import { ConfigRule, keyedList } from "./rule";

export const asns: ConfigRule = {
  id: "asns",
  summary:
    "ASNs are in the range AWS accepts where they are used, not AS_TRANS 23456, not 65535/4294967295 (RFC 7300), not 7224 or the customer-gateway ASNs AWS reserves in the region; a created Transit Gateway's ASN is private.",
  source: CUSTOMER_GATEWAY_ASN_SOURCE,
  reads: ["router.asn", "onPrem.customerGatewayAsn", "onPrem.transitGatewayAsn", "onPrem.existingTransitGatewayId", "region"],
  check: (c) => {
    const problems: Problem[] = [];
    if (c.router?.asn !== undefined) problems.push(...checkAsn("bgp", { key: "router.asn", value: c.router.asn }, c.region));
    const on = c.onPrem;
    if (on?.customerGatewayAsn !== undefined)
      problems.push(...checkAsn("customer-gateway", { key: "onPrem.customerGatewayAsn", value: on.customerGatewayAsn }, c.region));
    if (on?.transitGatewayAsn !== undefined && !on.existingTransitGatewayId)
      problems.push(...checkAsn("transit-gateway", { key: "onPrem.transitGatewayAsn", value: on.transitGatewayAsn }, c.region));
    return problems;
  },
};

export const vpnBgpAsns: ConfigRule = {
  id: "vpn-bgp-asns",
  summary: "With BGP over the VPN, the customer gateway ASN differs from the Transit Gateway's (the sessions are eBGP).",
  source: "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html",
  reads: ["onPrem.vpnRouting", "onPrem.customerGatewayAsn", "onPrem.transitGatewayAsn", "onPrem.existingTransitGatewayId"],
  check: (c) => {
    const on = c.onPrem;
    if (
      on?.vpnRouting !== "bgp" ||
      on.existingTransitGatewayId ||
      on.customerGatewayAsn === undefined ||
      on.transitGatewayAsn === undefined
    )
      return [];
    return checkVpnBgpAsns(
      { key: "onPrem.customerGatewayAsn", value: on.customerGatewayAsn },
      { key: "onPrem.transitGatewayAsn", value: on.transitGatewayAsn },
    );
  },
};

export const customerGatewayAddress: ConfigRule = {
  id: "customer-gateway-address",
  summary:
    "The customer gateway address is public unicast IPv4 (not private, CGNAT, loopback, link-local, multicast, reserved); a documentation address is a warning.",
  source: "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html",
  reads: ["onPrem.customerGatewayIp"],
  check: (c) =>
    c.onPrem?.customerGatewayIp === undefined
      ? []
      : checkCustomerGatewayIp({ key: "onPrem.customerGatewayIp", value: c.onPrem.customerGatewayIp }),
};

export const tunnelInsideCidrs: ConfigRule = {
  id: "tunnel-inside-cidrs",
  summary: "Tunnel inside CIDRs are distinct /30s in 169.254.0.0/16, none of the blocks AWS reserves.",
  source: "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
  reads: ["onPrem.tunnelInsideCidrs"],
  check: (c) => checkTunnelInsideCidrs(keyedList(c.onPrem?.tunnelInsideCidrs, "onPrem.tunnelInsideCidrs")),
};
