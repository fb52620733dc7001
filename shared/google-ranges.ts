/** Source ranges Google fixes for its own services: firewall rules admit them, controls recognise them. */

/** Identity-Aware Proxy's TCP forwarding range: the only source SSH is accepted from. */
export const IAP_TCP_FORWARDING_RANGE = "35.235.240.0/20";

/** Google Cloud load balancer health-check probe ranges. */
export const HEALTH_CHECK_RANGES: readonly string[] = ["35.191.0.0/16", "130.211.0.0/22"];

/** private.googleapis.com: Google APIs over Private Google Access; routed inside Google, not to the internet. */
export const PRIVATE_GOOGLE_APIS_RANGE = "199.36.153.8/30";

/** restricted.googleapis.com: Google APIs that support VPC Service Controls; routed inside Google. */
export const RESTRICTED_GOOGLE_APIS_RANGE = "199.36.153.4/30";

/** The four addresses of restricted.googleapis.com (the A records of the private googleapis.com zone). */
export const RESTRICTED_GOOGLE_APIS_ADDRESSES: readonly string[] = [
  "199.36.153.4",
  "199.36.153.5",
  "199.36.153.6",
  "199.36.153.7",
];

/** The four addresses of private.googleapis.com (used only when `network.googleApis` is `private`). */
export const PRIVATE_GOOGLE_APIS_ADDRESSES: readonly string[] = [
  "199.36.153.8",
  "199.36.153.9",
  "199.36.153.10",
  "199.36.153.11",
];

/**
 * The Google APIs the baseline's VMs call, each on Google's list of services VPC Service Controls supports (so
 * restricted.googleapis.com serves them): Cloud KMS (Vault's seal), Secret Manager (Vault's CA, the Wazuh
 * enrolment password), Cloud Logging and Monitoring (Ops Agent), Cloud Storage, Compute Engine (Vault's raft
 * auto-join), IAM and IAM credentials (Vault's GCP auth method), OS Login (SSH through IAP), Artifact
 * Registry, the Cloud SQL Admin API (the Cloud SQL Auth Proxy) and VM Manager (the OS Config agent every VM
 * runs for patching and inventory: without it on the restricted VIP, patch jobs silently stop); and BigQuery,
 * which the example's workloads read through tokens the Vault GCP secrets engine issues. A service perimeter
 * restricts exactly these.
 */
export const RESTRICTED_SERVICES: readonly string[] = [
  "artifactregistry.googleapis.com",
  "bigquery.googleapis.com",
  "cloudkms.googleapis.com",
  "compute.googleapis.com",
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "osconfig.googleapis.com",
  "oslogin.googleapis.com",
  "secretmanager.googleapis.com",
  "sqladmin.googleapis.com",
  "storage.googleapis.com",
];
