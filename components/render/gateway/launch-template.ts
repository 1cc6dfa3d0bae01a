/**
 * User data of the gateway nodes' launch template: switch off source/destination checking on the
 * instance's primary ENI at boot, so the node can forward traffic not addressed to itself. This is
 * the managed-node-group method of
 * https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-gateway-getting-started.html
 * (EKS Auto Mode sets `advancedNetworking.sourceDestCheck: DisabledPrimaryENI` instead). MIME
 * multipart, so that EKS merges its own bootstrap part for managed node groups.
 */

/** The MIME boundary of the user data. */
export const USER_DATA_BOUNDARY = "==GATEWAY==";

/** The shell part: IMDSv2 token → primary MAC → ENI id → `modify-network-interface-attribute`. */
export function sourceDestCheckScript(): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "imds=http://169.254.169.254/latest",
    'token=$(curl -sf -X PUT "$imds/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    'md() { curl -sf -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1"; }',
    "mac=$(md mac)",
    'eni=$(md "network/interfaces/macs/$mac/interface-id")',
    'aws ec2 modify-network-interface-attribute --network-interface-id "$eni" --no-source-dest-check --region "$(md placement/region)"',
    "",
  ].join("\n");
}

/** The whole user data (plain text; base64 it for the launch template). */
export function gatewayUserData(): string {
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${USER_DATA_BOUNDARY}"`,
    "",
    `--${USER_DATA_BOUNDARY}`,
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    "",
    sourceDestCheckScript(),
    `--${USER_DATA_BOUNDARY}--`,
    "",
  ].join("\n");
}
