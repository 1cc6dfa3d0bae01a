/** BGP sessions the cluster's CNI declares: Cilium BGP control plane or Calico BGP peers. */
import { num, str, isUnknown, known } from "./props";
import { ofType, Plain, spec, T } from "./stack";

/** One session from the cluster to a peer. */
export interface BgpSession {
  readonly res: Plain;
  readonly localKey: string;
  /** Local ASN; undefined when unknown. */
  readonly local?: number;
  readonly peerKey: string;
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

/** Calico's default AS when no BGPConfiguration sets one. */
const CALICO_DEFAULT_ASN = 64512;

export function bgpSessions(resources: readonly Plain[]): BgpSession[] {
  const out: BgpSession[] = [];
  for (const r of ofType(resources, ...T.ciliumBgpClusterConfigs)) {
    for (const inst of known<any>(spec(r).bgpInstances)) {
      const at = `spec.bgpInstances[${inst.index}]`;
      for (const p of known<any>(inst.value.peers)) {
        const addr = str(p.value.peerAddress);
        out.push({
          res: r,
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
  const configs = ofType(resources, T.calicoBgpConfig);
  const global = configs.find((c) => str(c.p.metadata?.name) === "default") ?? configs[0];
  const localAsn = global ? value(spec(global).asNumber) : undefined;
  for (const r of ofType(resources, T.calicoBgpPeer)) {
    const s = spec(r);
    const ip = str(s.peerIP);
    if (ip === undefined) continue; // selector-based peers (node-to-node) have no address
    out.push({
      res: r,
      localKey: global ? `BGPConfiguration ${global.name} spec.asNumber` : "(no BGPConfiguration: Calico default)",
      local: global ? (localAsn ?? CALICO_DEFAULT_ASN) : CALICO_DEFAULT_ASN,
      peerKey: "spec.asNumber",
      peer: value(s.asNumber),
      addressKey: "spec.peerIP",
      address: typeof ip === "string" ? withoutPort(ip) : undefined,
    });
  }
  return out;
}
