/**
 * The BGP timers of every session this project configures, on both ends: the CNI's and MetalLB's
 * sessions with the on-prem router, the router's neighbors, and the router's sessions with the
 * AWS VPN tunnels. From the source article (seconds).
 */
export const BGP_TIMERS = { keepaliveSeconds: 10, holdSeconds: 30 } as const;
