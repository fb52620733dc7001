import { GeoBackupBucket, type GeoBackupBucketProps } from "../../../constructs/bak/geo-backup-bucket";
import { attributesOf, findResource, synthScope } from "../../support/synth";
import { declaredKey, expectUsedBarePasses } from "../used-bare";

const KEY = "projects/p/locations/europe-west1/keyRings/backup/cryptoKeys/backups";

function synthBucket(extra: Partial<GeoBackupBucketProps> = {}) {
  return synthScope((stack) => {
    new GeoBackupBucket(stack, "backups", {
      name: "acme-backups",
      location: "europe-west1",
      primaryRegion: "europe-west2",
      kmsKey: KEY,
      lockRetention: false,
      ...extra,
    });
  });
}

describe("GeoBackupBucket", () => {
  const json = synthBucket();
  const bucket = findResource(json, "google_storage_bucket", "name", "acme-backups");
  const logs = findResource(json, "google_storage_bucket", "name", "acme-backups-access-logs");
  const logsName = Object.entries(json.resource!.google_storage_bucket).find(([, b]) => b === logs)![0];

  test("keeps every object 30 days, then deletes it; deleted objects stay restorable 7 days", () => {
    expect(bucket.retention_policy).toEqual({ retention_period: 30 * 86_400, is_locked: false });
    expect(bucket.lifecycle_rule).toEqual([{ action: { type: "Delete" }, condition: { age: 30 } }]);
    expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 7 * 86_400 });
    // Versioning and a retention policy are mutually exclusive in Cloud Storage.
    expect(bucket.versioning).toEqual({ enabled: false });
  });

  test("lives in the backup region, CMEK-encrypted, private, labelled as a backup bucket", () => {
    expect(bucket).toMatchObject({
      location: "europe-west1",
      encryption: { default_kms_key_name: KEY },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      labels: { purpose: "backups" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("writes usage logs to a separate bucket hardened and retained the same way", () => {
    expect(bucket.logging).toEqual({
      log_bucket: `\${google_storage_bucket.${logsName}.name}`,
      log_object_prefix: "acme-backups",
    });
    expect(logs).toMatchObject({
      location: "europe-west1",
      encryption: { default_kms_key_name: KEY },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      retention_policy: { retention_period: 30 * 86_400, is_locked: false },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { age: 365 } }],
    });
    expect(logs.logging).toBeUndefined();
    expect(attributesOf(json, "google_storage_bucket_iam_member")).toEqual([
      {
        bucket: `\${google_storage_bucket.${logsName}.name}`,
        role: "roles/storage.objectCreator",
        member: "group:cloud-storage-analytics@google.com",
      },
    ]);
  });

  test("locks the retention policy when asked and follows the configured retention", () => {
    const locked = synthBucket({ lockRetention: true, retentionDays: 45, softDeleteDays: 14 });
    const b = findResource(locked, "google_storage_bucket", "name", "acme-backups");
    expect(b.retention_policy).toEqual({ retention_period: 45 * 86_400, is_locked: true });
    expect(b.lifecycle_rule).toEqual([{ action: { type: "Delete" }, condition: { age: 45 } }]);
    expect(b.soft_delete_policy).toEqual({ retention_duration_seconds: 14 * 86_400 });
    const logs = findResource(locked, "google_storage_bucket", "name", "acme-backups-access-logs");
    expect(logs.retention_policy).toEqual({ retention_period: 45 * 86_400, is_locked: true });
  });

  // With its key declared beside it, as the kms stack declares it: ENC-06 judges only declared keys. BAK-01 needs
  // the environment's subnets or SQL instance, which tell its primary region; BAK-03 applies to production only;
  // BAK-09 needs a scheduled job writing to it (scheduled-sql-export.test.ts shows the bucket passing with one).
  test("used bare with its key declared, it passes the backup, bucket and CMEK controls", () => {
    const declared = synthScope((stack) => {
      new GeoBackupBucket(stack, "backups", {
        name: "acme-backups",
        location: "europe-west1",
        primaryRegion: "europe-west2",
        kmsKey: declaredKey(stack, "europe-west1"),
        lockRetention: false,
      });
    });
    expectUsedBarePasses(declared, [
      "BAK-02",
      "BAK-05",
      "STO-01",
      "STO-02",
      "STO-03",
      "STO-04",
      "ENC-06",
      "ENC-09",
    ]);
  });

  test("refuses the primary region, short retention and an invalid soft-delete window", () => {
    expect(() => synthBucket({ location: "europe-west2" })).toThrow(
      "GeoBackupBucket acme-backups: location must be a region other than the primary region europe-west2, got europe-west2",
    );
    expect(() => synthBucket({ location: "EUROPE-WEST2" })).toThrow(/other than the primary region/);
    expect(() => synthBucket({ retentionDays: 7 })).toThrow(
      "GeoBackupBucket acme-backups: retentionDays must be an integer of at least 30, got 7",
    );
    expect(() => synthBucket({ softDeleteDays: 3 })).toThrow("softDeleteDays must be from 7 to 90, got 3");
  });
});
