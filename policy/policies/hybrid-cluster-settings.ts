/** hybrid-cluster-settings: access-entry auth mode, one endpoint kind, an explicit service CIDR. */
import { checkClusterSettings, ClusterSettings } from "../../components/plan/rules";
import { resourcePolicy } from "../lib/define";
import { block, isUnknown } from "../lib/props";
import { clusterFacts, T } from "../lib/stack";

export const hybridClusterSettings = resourcePolicy<{ requireServiceCidr: boolean }>({
  name: "hybrid-cluster-settings",
  description:
    "A hybrid EKS cluster uses authentication mode API or API_AND_CONFIG_MAP, a public or a private endpoint (not both), and an explicit service CIDR.",
  types: [T.cluster],
  fix: "change the cluster setting as the rule says",
  meta: {
    reads: [T.cluster],
    checks: [
      "a cluster with `remoteNetworkConfig` has `accessConfig.authenticationMode` `API` or `API_AND_CONFIG_MAP`",
      "its endpoint is public or private, not both",
      "`kubernetesNetworkConfig.serviceIpv4Cidr` is set (parameter `requireServiceCidr`)",
    ],
  },
  config: {
    requireServiceCidr: {
      type: "boolean",
      default: true,
      description: "Fail clusters that leave kubernetesNetworkConfig.serviceIpv4Cidr to EKS.",
    },
  },
  check: (r, config, notApplicable) => {
    const f = clusterFacts(r) ?? notApplicable("the cluster has no remoteNetworkConfig (not a hybrid cluster)");
    const access = block(r.p.accessConfig);
    const vpc = block(r.p.vpcConfig);
    const mode = isUnknown(r.p.accessConfig) ? r.p.accessConfig : access?.value?.authenticationMode;
    // AWS defaults: public endpoint on, private off.
    const pub = isUnknown(r.p.vpcConfig) ? r.p.vpcConfig : (vpc?.value?.endpointPublicAccess ?? true);
    const priv = isUnknown(r.p.vpcConfig) ? r.p.vpcConfig : (vpc?.value?.endpointPrivateAccess ?? false);
    const settings: ClusterSettings = {
      ...(isUnknown(mode) ? {} : { authenticationMode: { key: `accessConfig${access?.path ?? ""}.authenticationMode`, value: mode } }),
      ...(isUnknown(pub) || isUnknown(priv)
        ? {}
        : {
            endpointPublic: { key: `vpcConfig${vpc?.path ?? ""}.endpointPublicAccess`, value: Boolean(pub) },
            endpointPrivate: { key: `vpcConfig${vpc?.path ?? ""}.endpointPrivateAccess`, value: Boolean(priv) },
          }),
      ...(isUnknown(f.serviceCidr.value) || (!config.requireServiceCidr && f.serviceCidr.value === undefined)
        ? {}
        : { serviceCidr: { key: f.serviceCidr.key, value: f.serviceCidr.value } }),
    };
    return checkClusterSettings(settings);
  },
});
