/**
 * THE table of stack-config rules. `planFromRawConfig` parses the config field by field, then
 * runs every rule here on what parsed and collects every problem; the README's rule list is
 * generated from this table (`npm run docs:config`, checked by test/docs.test.ts).
 * A new rule: write it in a file of its family and add it here.
 */
import { show } from "../issue-text";
import { PartialConfig } from "../parse-config";
import { Problem } from "../rules/problem";
import * as cluster from "./cluster";
import * as cni from "./cni";
import { ciliumBuildRule } from "../rules/cilium-build";
import { cniFirstInstalledRule } from "../rules/cni-upgrade";
import * as lb from "./load-balancing";
import * as networks from "./networks";
import * as nodes from "./nodes";
import * as router from "./router";
import * as podRouting from "./pod-routing";
import { ConfigRule, derive } from "./rule";
import * as vpn from "./vpn-bgp";

export const CONFIG_RULES: readonly ConfigRule[] = [
  networks.remoteNodeCidrs,
  networks.remotePodCidrs,
  networks.vpc,
  networks.serviceCidr,
  networks.noOverlap,
  cluster.kubernetesVersion,
  cluster.authenticationMode,
  cluster.rolesAnywhereCa,
  cluster.ssmActivation,
  nodes.nodesPresent,
  nodes.nodeAddresses,
  nodes.nodeLabels,
  nodes.poolSelectorLabel,
  nodes.routerAddress,
  router.redistributeStatic,
  nodes.podBlocks,
  vpn.asns,
  vpn.vpnBgpAsns,
  vpn.customerGatewayAddress,
  vpn.tunnelInsideCidrs,
  cni.cniChoice,
  podRouting.podRoutingMode,
  podRouting.podRoutingPrerequisites,
  cni.ciliumPinnedPodCidr,
  cni.cniKubernetesCompatibility,
  ciliumBuildRule,
  cniFirstInstalledRule,
  lb.loadBalancing,
];

/**
 * A rule's value as messages show it: config text through `show` (the one quoting helper: plain
 * text as written, quoted when empty or holding spaces or invisible characters, long text
 * shortened); what a rule already rendered — `(missing)`-style notes, JSON lists and maps,
 * `show`'s own output — as it is.
 */
export function shownValue(value: string): string {
  if (/^\(.*\)$/.test(value) || /… \(\d+ characters\)$/.test(value)) return value;
  if (/^["[{]/.test(value)) {
    try {
      JSON.parse(value);
      return value;
    } catch {
      // not a rendering: text that starts with a quote or bracket
    }
  }
  return show(value);
}

/**
 * Run every rule on a (partial) config; a rule that throws is reported as a bug, never hidden.
 * `failedKeys` are the fields that failed to parse: their problem is already reported, so what a
 * rule says about the same key (e.g. "is required" for a field that is present but mistyped) is
 * left out.
 */
export function runConfigRules(
  c: PartialConfig,
  now: Date,
  failedKeys: ReadonlySet<string> = new Set(),
  rules: readonly ConfigRule[] = CONFIG_RULES,
): Problem[] {
  const ctx = { now, derived: derive(c) };
  const problems = rules.flatMap((r) => {
    try {
      return r.check(c, ctx);
    } catch (e) {
      return [
        {
          key: `(rule ${r.id})`,
          value: "(internal error)",
          rule: `failed: ${(e as Error)?.message ?? String(e)}; please report this as a bug`,
        },
      ];
    }
  });
  return problems.filter((p) => !failedKeys.has(p.key)).map((p) => ({ ...p, value: shownValue(p.value) }));
}

/** The README's rule list: one row per rule. */
export function renderRuleTable(rules: readonly ConfigRule[] = CONFIG_RULES): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = rules.map((r) => {
    const src = r.source.startsWith("http") ? `[source](${r.source.split(" ")[0]})` : cell(r.source);
    return `| \`${r.id}\` | ${cell(r.summary)} | ${r.reads.map((k) => `\`${k}\``).join(", ")} | ${src} |`;
  });
  return ["| rule | demands | reads | source |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}
