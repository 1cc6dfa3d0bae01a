/**
 * Shapes shared by the network lab: what it reads (plan, router config, rendered resources), the
 * hosts it builds, and what it reports.
 */
import { NetworkPlan, PodRouting } from "../components/plan";
import { Registration } from "./aws-model";
import { FirewallList } from "./twin-firewall";
import { LbTarget } from "./lb-targets";
import { FlowResult } from "./twin-flows";
import { TwinTopology } from "./twin-topology";

/** A rendered Kubernetes object, as parsed from `manifests/*.yaml`. */
export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: any;
}

/** Everything the lab proves, read from one stack's plan and rendered files. */
export interface LabInputs {
  /** Stack name; part of every namespace name and of the report. */
  readonly stack: string;
  readonly plan: NetworkPlan;
  /** `router/frr.conf`, run unchanged by the router's FRR daemons. */
  readonly frrConf: string;
  /** Every object of `manifests/*.yaml`. */
  readonly manifests: readonly K8sObject[];
  /** Where the files came from, for messages. */
  readonly inputDir: string;
  /** `resources.json`: the AWS half of the twin is built from it alone (absent: no twin). */
  readonly resources?: readonly Registration[];
  /** `firewall.json`: loaded on the router's edge (absent: no firewall in the twin). */
  readonly firewall?: FirewallList;
}

/** One BGP peer of a node's speaker, from the CNI's BGP resources. */
export interface SpeakerPeer {
  readonly address: string;
  readonly asn: number;
  readonly port: number;
  /** Whether hold/keepalive come from the resources (Calico's BGPPeer has none: GoBGP defaults). */
  readonly timersRendered: boolean;
  /** Seconds. */
  readonly holdTime: number;
  /** Seconds. */
  readonly keepalive: number;
  /** Seconds, as rendered (the lab connects every second regardless, see `gobgp-config.ts`). */
  readonly connectRetry: number;
  /** Restart time in seconds when graceful restart is enabled. */
  readonly gracefulRestart?: number;
}

/** A node's BGP speaker (what Cilium's or Calico's BGP control plane would run). */
export interface SpeakerConfig {
  /** The resources it came from, e.g. `CiliumBGPClusterConfig cilium-bgp, instance instance-65432`. */
  readonly source: string;
  readonly localAsn: number;
  readonly routerId: string;
  readonly peers: readonly SpeakerPeer[];
  /** Prefixes the node announces (its pod blocks when a PodCIDR advertisement selects them). */
  readonly announce: readonly string[];
  /** Whether a Service advertisement (LoadBalancerIP) is selected: it announces the LB addresses it holds. */
  readonly announcesServices?: boolean;
}

/** A hybrid node as a namespace. */
export interface LabNode {
  readonly name: string;
  readonly ns: string;
  readonly ip: string;
  /** Prefix length of the node network it sits in. */
  readonly prefixLen: number;
  /** The block the plan gives it (what the router must route here). */
  readonly plannedBlock: string;
  /** Blocks its CNI IPAM really gives it (Calico IPPools / CiliumNode, else the plan). */
  readonly heldBlocks: readonly string[];
  /** Where `heldBlocks` came from. */
  readonly ipamSource: string;
  /** IP TTL of packets the node sends; tells the client which node answered. */
  readonly ttl: number;
  /** BGP mode: the speaker, or why there is none. */
  readonly speaker?: SpeakerConfig;
  readonly speakerProblem?: string;
}

/** A MetalLB L2 address and the node that announces it. */
export interface LbProbe {
  readonly address: string;
  readonly pool: string;
  readonly node: string;
}

/** The hosts of one lab run. */
export interface Topology {
  readonly stack: string;
  /** Prefix of every namespace of this run: `ehl-<stack>-<run>-`. */
  readonly prefix: string;
  readonly mode: PodRouting;
  readonly lan: { readonly ns: string; readonly bridge: string };
  readonly router: { readonly ns: string; readonly ip: string; readonly prefixLen: number; readonly asn: number };
  readonly client: { readonly ns: string; readonly ip: string; readonly prefixLen: number };
  readonly nodes: readonly LabNode[];
  /** An address in the pod network outside every node block, when there is one. */
  readonly outsideAddress?: string;
  readonly lb?: LbProbe;
  /**
   * A client behind the router (an office network, not the node LAN): link `cl0` on the router,
   * firewalled like the site's other edges. It sends the flows to BGP-announced addresses.
   */
  readonly office: { readonly ns: string; readonly ip: string; readonly routerIp: string; readonly prefixLen: number };
  /** Every LoadBalancer pool's probe address and the nodes that take it. */
  readonly lbTargets: readonly LbTarget[];
  /** The AWS half and the Internet, when `resources.json` is there. */
  readonly twin?: TwinTopology;
}

/** One check's outcome. */
export interface CheckResult {
  readonly section: string;
  readonly check: string;
  readonly pass: boolean;
  readonly expected: string;
  readonly seen: string;
}

/** `out/STACK/lab-report.json`. */
export interface LabReport {
  readonly stack: string;
  readonly mode: PodRouting;
  readonly inputDir: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly pass: boolean;
  readonly checks: readonly CheckResult[];
  /** The twin's flows (empty without `resources.json`). */
  readonly flows?: readonly FlowResult[];
  /** Set when the lab could not run its checks at all. */
  readonly error?: string;
}
