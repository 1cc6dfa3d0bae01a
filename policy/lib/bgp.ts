/**
 * BGP sessions the cluster's CNI declares (Cilium BGP control plane, Calico BGP peers in either
 * API group), each with the resource that sets its local ASN, and MetalLB's BGP peers.
 */
import { num, str, isUnknown, known } from "./props";
import { Plain, spec, T } from "./stack";
import type { StackIndex } from "./stack-index";

/** One session from the cluster to a peer. */
export interface BgpSession {
  /** The peer's resource. */
  readonly res: Plain;
  /** The resource that sets the local ASN; undefined when it is Calico's default (no BGPConfiguration). */
  readonly localRes?: Plain;
  readonly localKey: string;
  /** Local ASN; undefined when unknown. */
  readonly local?: number;
  readonly peerKey: string;
  /** Peer ASN; undefined when unknown or unset. */
  readonly peer?: number;
  readonly addressKey: string;
  /** Peer address without port or prefix length; undefined when not given or unknown. */
  readonly address?: string;
}

function value(v: unknown): number | undefined {
  const n = num(v);
  return isUnknown(n) ? undefined : n;
}

/** Calico's `peerIP` is `ip`, `ip:port` or `[ipv6]:port`. */
function withoutPort(ip: string): string {
  const v6 = /^\[(.+)\](:\d+)?$/.exec(ip);
  if (v6) return v6[1];
  return ip.split(":").length === 2 ? ip.split(":")[0] : ip;
}

/** Calico's AS when BGPConfiguration sets none (its CRD: "ASNumber … [Default: 64512]"). */
const CALICO_DEFAULT_ASN = 64512;

function ciliumSessions(ix: StackIndex): BgpSession[] {
  const out: BgpSession[] = [];
  for (const r of ix.of(...T.ciliumBgpClusterConfigs)) {
    for (const inst of known<any>(spec(r).bgpInstances)) {
      const at = `spec.bgpInstances[${inst.index}]`;
      for (const p of known<any>(inst.value.peers)) {
        const addr = str(p.value.peerAddress);
        out.push({
          res: r,
          localRes: r,
          localKey: `${at}.localASN`,
          local: value(inst.value.localASN),
          peerKey: `${at}.peers[${p.index}].peerASN`,
          peer: value(p.value.peerASN),
          addressKey: `${at}.peers[${p.index}].peerAddress`,
          address: typeof addr === "string" ? addr.replace(/\/\d+$/, "") : undefined,
        });
      }
    }
  }
  return out;
}

function calicoSessions(ix: StackIndex): BgpSession[] {
  const configs = ix.of(...T.calicoBgpConfigs);
  const global = configs.find((c) => str(c.p.metadata?.name) === "default") ?? (configs.length === 1 ? configs[0] : undefined);
  // An unknown spec or asNumber is unknown, never the default; a set config without asNumber is the default.
  const s = global ? global.p.spec : undefined;
  const local = !global
    ? configs.length
      ? undefined // several configurations, none named default: which one is global is not known here
      : CALICO_DEFAULT_ASN
    : isUnknown(s) || isUnknown(s?.asNumber)
      ? undefined
      : (value(s?.asNumber) ?? CALICO_DEFAULT_ASN);
  const out: BgpSession[] = [];
  for (const r of ix.of(...T.calicoBgpPeers)) {
    const ip = str(spec(r).peerIP);
    if (ip === undefined) continue; // selector-based peers (node-to-node) have no address
    out.push({
      res: r,
      localRes: global,
      localKey: global ? "spec.asNumber" : "(no BGPConfiguration: Calico's default AS 64512)",
      local,
      peerKey: "spec.asNumber",
      peer: value(spec(r).asNumber),
      addressKey: "spec.peerIP",
      address: typeof ip === "string" ? withoutPort(ip) : undefined,
    });
  }
  return out;
}

/** Cilium and Calico sessions of the stack. */
export function bgpSessions(ix: StackIndex): BgpSession[] {
  return [...ciliumSessions(ix), ...calicoSessions(ix)];
}

/** Addresses of BGP peers of every kind (Cilium, Calico, MetalLB `BGPPeer`), for the LB pool check. */
export function bgpPeerAddresses(ix: StackIndex): { res: Plain; key: string; address: string }[] {
  const out = bgpSessions(ix).flatMap((s) => (s.address ? [{ res: s.res, key: s.addressKey, address: s.address }] : []));
  for (const r of ix.of(...T.metallbBgpPeers)) {
    const a = str(spec(r).peerAddress);
    if (typeof a === "string") out.push({ res: r, key: "spec.peerAddress", address: a });
  }
  return out;
}
