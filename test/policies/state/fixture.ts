import { type Attrs, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

/** The bootstrap stack: a hardened state bucket with its own key, in the allowed region. */
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
    },
    other: { name: "other", location: "EUROPE-WEST2" },
  },
});

export const scope = scopeFor(BOOTSTRAP_STACK);

/** The attributes (mutable) of the state bucket. */
export const state = (json: Attrs) => resourceIn(json, "google_storage_bucket", "state");

export const STATE_BUCKET = "google_storage_bucket.state";
export const STATE_PASS = [`${STATE_BUCKET}: pass`];
