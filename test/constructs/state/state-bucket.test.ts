import { StateBucket } from "../../../constructs/state/state-bucket";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

const RING = "projects/seed/locations/europe-west2/keyRings/state";

function synthBucket(
  extra: { allowDestroy?: boolean; accessLogRetentionDays?: number; lockAccessLogRetention?: boolean } = {},
) {
  return synthScope((stack) => {
    new StateBucket(stack, "state", {
      name: "acme-tfstate",
      location: "europe-west2",
      keyRing: RING,
      projectId: "acme-seed",
      projectNumber: "123456789012",
      ...extra,
    });
  });
}

describe("StateBucket", () => {
  const json = synthBucket();
  const [logs, bucket] = attributesOf(json, "google_storage_bucket");
  const [key] = attributesOf(json, "google_kms_crypto_key");
  const [grant] = attributesOf(json, "google_kms_crypto_key_iam_member");
  const keyName = Object.keys(json.resource!.google_kms_crypto_key)[0];
  const grantName = Object.keys(json.resource!.google_kms_crypto_key_iam_member)[0];

  test("is versioned, uniform-access, public-access-prevented and never force-destroyed", () => {
    expect(bucket).toMatchObject({
      name: "acme-tfstate",
      project: "acme-seed",
      location: "europe-west2",
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    // A retention policy cannot coexist with versioning; versioning is what protects state.
    expect(bucket.retention_policy).toBeUndefined();
  });

  test("is encrypted with its own key, created after the storage agent may use that key", () => {
    expect(bucket.encryption).toEqual({ default_kms_key_name: `\${google_kms_crypto_key.${keyName}.id}` });
    expect(bucket.depends_on).toEqual([`google_kms_crypto_key_iam_member.${grantName}`]);
    expect(key).toMatchObject({
      key_ring: RING,
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("grants the key, and only the key, to the project's Cloud Storage service agent", () => {
    expect(attributesOf(json, "google_kms_crypto_key_iam_member")).toHaveLength(1);
    expect(grant).toMatchObject({
      crypto_key_id: `\${google_kms_crypto_key.${keyName}.id}`,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com",
    });
    expect(json.resource!.google_kms_key_ring_iam_member).toBeUndefined();
    expect(json.resource!.google_project_iam_member).toBeUndefined();
  });

  test("provisions the storage agent and stops the plan if its address is not the granted one", () => {
    const agent = json.data!.google_storage_project_service_account;
    const [name, attributes] = Object.entries(agent)[0];
    expect(grant.depends_on).toEqual([`data.google_storage_project_service_account.${name}`]);
    expect(attributes.lifecycle.postcondition[0].condition).toBe(
      '${self.email_address == "service-123456789012@gs-project-accounts.iam.gserviceaccount.com"}',
    );
  });

  test("writes usage logs to its own access log bucket, hardened like the state bucket and kept 400 days", () => {
    const logsName = Object.keys(json.resource!.google_storage_bucket)[0];
    expect(bucket.logging).toEqual({
      log_bucket: `\${google_storage_bucket.${logsName}.name}`,
      log_object_prefix: "acme-tfstate",
    });
    expect(logs).toMatchObject({
      name: "acme-tfstate-access-logs",
      project: "acme-seed",
      location: "europe-west2",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      versioning: { enabled: false },
      retention_policy: { retention_period: 400 * 86400, is_locked: false },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { age: 400 } }],
      encryption: { default_kms_key_name: `\${google_kms_crypto_key.${keyName}.id}` },
      lifecycle: { prevent_destroy: true },
    });
    expect(logs.labels.purpose).not.toBe("terraform-state");
    expect(attributesOf(json, "google_storage_bucket_iam_member")).toEqual([
      expect.objectContaining({
        bucket: `\${google_storage_bucket.${logsName}.name}`,
        role: "roles/storage.objectCreator",
        member: "group:cloud-storage-analytics@google.com",
      }),
    ]);
  });

  test("audits every data read and write of its project (Cloud Storage and KMS included), with no exemption", () => {
    expect(attributesOf(json, "google_project_iam_audit_config")).toEqual([
      {
        project: "acme-seed",
        service: "allServices",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
      },
    ]);
  });

  test("keeps usage logs longer, or locked, on request, never shorter", () => {
    const [longer] = attributesOf(
      synthBucket({ accessLogRetentionDays: 730, lockAccessLogRetention: true }),
      "google_storage_bucket",
    );
    expect(longer.retention_policy).toEqual({ retention_period: 730 * 86400, is_locked: true });
    expect(() => synthBucket({ accessLogRetentionDays: 30 })).toThrow(
      "accessLogRetentionDays must be an integer of at least 400, got 30",
    );
  });

  // STATE-04 and STATE-05 also ask the buckets' region be allowed (RES-01), which needs the project's
  // gcp.resourceLocations policy (ProjectOrgPolicies, beside it in the bootstrap stack).
  test("used bare, it passes the state, bucket and key controls", () => {
    expectUsedBarePasses(json, [
      ...["STATE-01", "STATE-02", "STATE-03", "STO-01", "STO-02", "STO-03", "STO-04"],
      ...["ENC-01", "ENC-02", "ENC-03", "ENC-04", "ENC-06", "ENC-09", "ENC-11"],
    ]);
  });

  test("allowDestroy is the only way to lift prevent_destroy", () => {
    const buckets = attributesOf(synthBucket({ allowDestroy: true }), "google_storage_bucket");
    expect(buckets.map((b) => b.lifecycle)).toEqual([{ prevent_destroy: false }, { prevent_destroy: false }]);
  });
});
