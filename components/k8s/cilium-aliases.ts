/**
 * Rename safety for Cilium custom resources across chart versions.
 *
 * `CustomResource` type tokens carry the API version (`kubernetes:cilium.io/v2alpha1:CiliumBGPClusterConfig`).
 * The plan renders the BGP and LB IPAM objects as `cilium.io/v2alpha1` up to Cilium 1.17 and as
 * `cilium.io/v2` from 1.18, so a chart upgrade changes the token, hence the URN. Without an alias
 * Pulumi would create the "new" object (same Kubernetes name: a conflict) and then delete the
 * "old" one, which is the live object. An alias to the other version's token makes the move an
 * update of the same resource, in both directions (upgrade and rollback).
 * pulumi-kubernetes aliases its typed resources across versions itself, but not `CustomResource`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The Cilium CRD versions that serve the same objects (1.16/1.17 → v2alpha1, 1.18+ → v2). */
export const CILIUM_CR_VERSION_ALIASES: Readonly<Record<string, string>> = {
  "cilium.io/v2alpha1": "cilium.io/v2",
  "cilium.io/v2": "cilium.io/v2alpha1",
};

/** The kinds the stack applies whose served version moved from v2alpha1 to v2 in Cilium 1.18. */
const MOVED_KINDS = new Set(["CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumLoadBalancerIPPool"]);

/** The aliases a Cilium object needs: the other version's type token, or none for any other object. */
export function ciliumCrAliases(obj: { apiVersion: string; kind: string }): pulumi.Alias[] {
  const other = CILIUM_CR_VERSION_ALIASES[obj.apiVersion];
  if (!other || !MOVED_KINDS.has(obj.kind)) return [];
  return [{ type: `kubernetes:${other}:${obj.kind}` }];
}

/** `opts` with the object's version aliases added to any the caller set. */
export function withCiliumAliases(
  obj: { apiVersion: string; kind: string },
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
  const aliases = ciliumCrAliases(obj);
  return aliases.length ? { ...opts, aliases: [...(opts.aliases ?? []), ...aliases] } : opts;
}
