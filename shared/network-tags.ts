/**
 * Network tags that firewall rules and routes select instances by. Components put these on their instance
 * templates; never repeat the strings.
 */
export const NETWORK_TAGS = {
  /** SSH (tcp:22) is allowed only from Identity-Aware Proxy's TCP forwarding range. */
  iapSsh: "iap-ssh",
  /** Load balancer backends: reachable from Google's health-check ranges and the proxy-only subnet. */
  lbBackend: "lb-backend",
  /** Instances that install packages at boot: route to the internet via Cloud NAT, HTTPS (443) only. */
  internetEgress: "internet-egress",
  /**
   * Instances whose only internet egress is the FQDN allow-list of a network firewall policy (Vault, Wazuh,
   * Zeek): the tag gives them the route to Cloud NAT and no VPC firewall rule opens anything for it.
   */
  packageEgress: "package-egress",
} as const;

export type NetworkTag = (typeof NETWORK_TAGS)[keyof typeof NETWORK_TAGS];
