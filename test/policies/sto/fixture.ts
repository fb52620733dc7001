import { type Attrs, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

const BUCKET = {
  location: "EUROPE-WEST2",
  uniform_bucket_level_access: true,
  public_access_prevention: "enforced",
};

/** A versioned state bucket and a retention-locked backup bucket, readable by one service account. */
export const STORAGE_STACK = tf({
  google_storage_bucket: {
    state: { ...BUCKET, name: "state", versioning: { enabled: true } },
    backups: { ...BUCKET, name: "backups", retention_policy: { retention_period: 2592000, is_locked: true } },
  },
  google_storage_bucket_iam_member: {
    reader: {
      bucket: "${google_storage_bucket.backups.name}",
      role: "roles/storage.objectViewer",
      member: "serviceAccount:restore@acme-prod.iam.gserviceaccount.com",
    },
  },
});

export const scope = scopeFor(STORAGE_STACK);

/** The attributes (mutable) of bucket `name`. */
export const bucket = (json: Attrs, name: string) => resourceIn(json, "google_storage_bucket", name);

export const BOTH_PASS = ["google_storage_bucket.state: pass", "google_storage_bucket.backups: pass"];
