import { type Attrs, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

/**
 * The bootstrap stack: a hardened state bucket with its own key, in the allowed region, writing usage logs to a
 * hardened access log bucket, with the state project's Cloud Storage Data Access audit config.
 */
export const BOOTSTRAP_STACK = tf({
  google_org_policy_policy: {
    locations: {
      name: "projects/1/policies/gcp.resourceLocations",
      spec: { rules: [{ values: { allowed_values: ["in:europe-west2-locations"] } }] },
    },
  },
  google_kms_key_ring: { state: { name: "state", location: "europe-west2" } },
  google_kms_crypto_key: { state: { name: "state", key_ring: "${google_kms_key_ring.state.id}" } },
  google_storage_bucket: {
    state: {
      name: "acme-seed-tfstate",
      location: "EUROPE-WEST2",
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      encryption: { default_kms_key_name: "${google_kms_crypto_key.state.id}" },
      labels: { purpose: "terraform-state" },
      lifecycle: { prevent_destroy: true },
      project: "acme-seed",
      logging: { log_bucket: "${google_storage_bucket.logs.name}", log_object_prefix: "acme-seed-tfstate" },
    },
    logs: {
      name: "acme-seed-tfstate-access-logs",
      project: "acme-seed",
      location: "EUROPE-WEST2",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      retention_policy: { retention_period: 400 * 86400 },
      encryption: { default_kms_key_name: "${google_kms_crypto_key.state.id}" },
    },
    other: { name: "other", location: "EUROPE-WEST2" },
  },
  google_project_iam_audit_config: {
    storage: {
      project: "acme-seed",
      service: "storage.googleapis.com",
      audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
    },
  },
});

export const scope = scopeFor(BOOTSTRAP_STACK);

/** The attributes (mutable) of the state bucket. */
export const state = (json: Attrs) => resourceIn(json, "google_storage_bucket", "state");

export const STATE_BUCKET = "google_storage_bucket.state";
export const STATE_PASS = [`${STATE_BUCKET}: pass`];
