import { attributesOf, configFromYaml, findResource, normalise, synthStack } from "../support/synth";
import { baselineText } from "../support/baseline-text";

const KMS_OUTPUT = "data.terraform_remote_state.cross-stack-reference-input-prod-kms.outputs";

describe("backup stack", () => {
  const stack = synthStack("prod-backup");
  const bucket = findResource(stack, "google_storage_bucket", "name", "acme-sec-prod-backups");

  test("puts the backup bucket and its access-log bucket in the backup region with the backup region's key", () => {
    for (const b of attributesOf(stack, "google_storage_bucket")) {
      expect(b.location).toBe("europe-west1");
      expect(b.encryption.default_kms_key_name).toMatch(
        new RegExp(
          `^\\$\\{${KMS_OUTPUT.replace(/\./g, "\\.")}\\.cross-stack-output-google_kms_crypto_keybackups-backup_`,
        ),
      );
    }
  });

  test("keeps backups 30 days under a retention policy locked in prod, then deletes them", () => {
    expect(bucket.retention_policy).toEqual({ retention_period: 2_592_000, is_locked: true });
    expect(bucket.lifecycle_rule).toEqual([{ action: { type: "Delete" }, condition: { age: 30 } }]);
    const staging = findResource(
      synthStack("staging-backup"),
      "google_storage_bucket",
      "name",
      "acme-sec-staging-backups",
    );
    expect(staging.retention_policy.is_locked).toBe(false);
  });

  test("declares a Backup and DR vault in the backup region enforcing the configured retention, locked in prod", () => {
    expect(attributesOf(stack, "google_backup_dr_backup_vault")).toEqual([
      expect.objectContaining({
        backup_vault_id: "acme-prod-backups",
        location: "europe-west1",
        backup_minimum_enforced_retention_duration: "2592000s",
        backup_retention_inheritance: "MATCH_BACKUP_EXPIRE_TIME",
        effective_time: "2027-01-04T00:00:00Z",
        access_restriction: "WITHIN_PROJECT",
      }),
    ]);
    const [staging] = attributesOf(synthStack("staging-backup"), "google_backup_dr_backup_vault");
    expect(staging.effective_time).toBeUndefined();
  });

  test("a locked environment without a vault lock time is refused", () => {
    const config = configFromYaml(
      baselineText().replace('      vaultLockTime: "2027-01-04T00:00:00Z"\n', ""),
    );
    expect(() => synthStack("prod-backup", config)).toThrow(
      "environment prod: backups.lock is true, so backups.vaultLockTime must say when",
    );
  });

  test("declares the Vault and Wazuh hosts' writer identities, each creating objects under its own prefix only", () => {
    const accounts = attributesOf(stack, "google_service_account").map((a) => a.account_id);
    expect(accounts).toEqual(["vault-snapshot-writer", "wazuh-archive-writer"]);
    const grants = attributesOf(stack, "google_storage_bucket_iam_member").filter((g) => g.condition);
    expect(grants.map((g) => [g.role, g.condition.title])).toEqual([
      ["roles/storage.objectCreator", "write vault/ only"],
      ["roles/storage.objectCreator", "write wazuh/ only"],
    ]);
    expect(stack.resource?.google_project_iam_member).toBeUndefined();
  });

  test("follows backups.retentionDays", () => {
    const config = configFromYaml(baselineText().replace("  retentionDays: 30", "  retentionDays: 45"));
    const longer = synthStack("prod-backup", config);
    const b = findResource(longer, "google_storage_bucket", "name", "acme-sec-prod-backups");
    expect(b.retention_policy.retention_period).toBe(45 * 86_400);
    expect(
      attributesOf(longer, "google_backup_dr_backup_vault")[0].backup_minimum_enforced_retention_duration,
    ).toBe(`${45 * 86_400}s`);
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
