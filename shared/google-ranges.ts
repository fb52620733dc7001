/** Source ranges Google fixes for its own services: firewall rules admit them, controls recognise them. */

/** Identity-Aware Proxy's TCP forwarding range: the only source SSH is accepted from. */
export const IAP_TCP_FORWARDING_RANGE = "35.235.240.0/20";

/** Google Cloud load balancer health-check probe ranges. */
export const HEALTH_CHECK_RANGES: readonly string[] = ["35.191.0.0/16", "130.211.0.0/22"];

/** private.googleapis.com: Google APIs over Private Google Access; routed inside Google, not to the internet. */
export const PRIVATE_GOOGLE_APIS_RANGE = "199.36.153.8/30";

/** restricted.googleapis.com: Google APIs that support VPC Service Controls; routed inside Google. */
export const RESTRICTED_GOOGLE_APIS_RANGE = "199.36.153.4/30";
