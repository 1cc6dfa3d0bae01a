/**
 * Faults planted in rendered inputs for the lab's fault-injection tests. Each edits the text or
 * objects the way a broken renderer (or a hand edit) would, and fails loudly when the fixture
 * does not contain what it edits, so a changed fixture cannot turn a fault test into a no-op.
 */
import { K8sObject, LabInputs } from "../../lab/types";

function replaceOnce(text: string, re: RegExp, by: (m: RegExpMatchArray) => string, what: string): string {
  const m = text.match(re);
  if (!m) throw new Error(`fault injection: no ${what} in frr.conf`);
  return text.replace(re, by(m));
}

/** The router's neighbour statement for `ip` gets `asn + 1` as remote AS. */
export function wrongNeighborAsn(i: LabInputs, ip: string): LabInputs {
  const re = new RegExp(`^(\\s*neighbor ${ip.replace(/\./g, "\\.")} remote-as )(\\d+)\\s*$`, "m");
  return { ...i, frrConf: replaceOnce(i.frrConf, re, (m) => `${m[1]}${Number(m[2]) + 1}`, `"neighbor ${ip} remote-as" line`) };
}

/** The static route for `block` is gone. */
export function missingStaticRoute(i: LabInputs, block: string): LabInputs {
  const re = new RegExp(`^ip route ${block.replace(/[./]/g, (c) => `\\${c}`)} \\S+\\s*\\n`, "m");
  return { ...i, frrConf: replaceOnce(i.frrConf, re, () => "", `"ip route ${block}" line`) };
}

/** The static route for `block` points at `nextHop` instead. */
export function staticRouteVia(i: LabInputs, block: string, nextHop: string): LabInputs {
  const re = new RegExp(`^ip route ${block.replace(/[./]/g, (c) => `\\${c}`)} \\S+\\s*$`, "m");
  return { ...i, frrConf: replaceOnce(i.frrConf, re, () => `ip route ${block} ${nextHop}`, `"ip route ${block}" line`) };
}

/** A rendered CiliumNode gives `node` the pod CIDRs `blocks` (its speaker announces them). */
export function ciliumNodeBlocks(i: LabInputs, node: string, blocks: string[]): LabInputs {
  const cn: K8sObject = { apiVersion: "cilium.io/v2", kind: "CiliumNode", metadata: { name: node }, spec: { ipam: { podCIDRs: blocks } } };
  return { ...i, manifests: [...i.manifests, cn] };
}

/** The Calico IPPool holding `block` selects `node` instead of its own node. */
export function calicoPoolOn(i: LabInputs, block: string, node: string): LabInputs {
  let found = false;
  const manifests = i.manifests.map((o) => {
    if (o.kind !== "IPPool" || o.spec?.cidr !== block) return o;
    found = true;
    return { ...o, spec: { ...o.spec, nodeSelector: `zone == "${node}"` } };
  });
  if (!found) throw new Error(`fault injection: no Calico IPPool for ${block}`);
  return { ...i, manifests };
}
