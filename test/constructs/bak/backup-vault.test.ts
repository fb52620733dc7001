import { BackupVault, type BackupVaultProps } from "../../../constructs/bak/backup-vault";
import { BackupDrBackupPlan } from "@cdktf/provider-google/lib/backup-dr-backup-plan";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

function synthVault(extra: Partial<BackupVaultProps> = {}, { withPlan = false } = {}) {
  return synthScope((stack) => {
    const { vault } = new BackupVault(stack, "vault", {
      vaultId: "acme-prod-backups",
      location: "europe-west1",
      primaryRegion: "europe-west2",
      ...extra,
    });
    if (!withPlan) return;
    new BackupDrBackupPlan(stack, "plan", {
      backupPlanId: "instances",
      location: "europe-west1",
      resourceType: "compute.googleapis.com/Instance",
      backupVault: vault.id,
      backupRules: [
        {
          ruleId: "daily",
          backupRetentionDays: 30,
          standardSchedule: { recurrenceType: "DAILY", timeZone: "UTC", backupWindow: { startHourOfDay: 1 } },
        },
      ],
    });
  });
}

describe("BackupVault", () => {
  const bare = synthVault();

  test("enforces 30 days of retention on every backup, fixed per backup, restores within the project, never forced", () => {
    const [vault] = attributesOf(bare, "google_backup_dr_backup_vault");
    expect(vault).toMatchObject({
      backup_vault_id: "acme-prod-backups",
      location: "europe-west1",
      backup_minimum_enforced_retention_duration: "2592000s",
      backup_retention_inheritance: "MATCH_BACKUP_EXPIRE_TIME",
      access_restriction: "WITHIN_PROJECT",
      lifecycle: { prevent_destroy: true },
    });
    for (const override of ["force_delete", "ignore_inactive_datasources", "ignore_backup_plan_references"]) {
      expect(vault[override]).toBeUndefined();
    }
    // Unlocked unless a lock time is given.
    expect(vault.effective_time).toBeUndefined();
  });

  test("locks its enforced retention at the given time; refuses a time that is not RFC 3339 UTC", () => {
    const [vault] = attributesOf(
      synthVault({ lockTime: "2027-01-04T00:00:00Z" }),
      "google_backup_dr_backup_vault",
    );
    expect(vault.effective_time).toBe("2027-01-04T00:00:00Z");
    expect(() => synthVault({ lockTime: "2027-01-04" })).toThrow(
      "BackupVault acme-prod-backups: lockTime must be a UTC time such as 2027-01-04T00:00:00Z, got 2027-01-04",
    );
  });

  // BAK-01 needs the environment's subnets or SQL instance, which tell its primary region; BAK-02 asks the
  // environment for a backup bucket, snapshot schedule or SQL backup besides the vault. A vault nothing backs up
  // into is not applicable to BAK-06 (its retention protects nothing), so the vault is judged with a plan.
  test("used with a backup plan into it, it passes the backup vault retention control", () => {
    expectUsedBarePasses(synthVault({}, { withPlan: true }), ["BAK-06"]);
  });

  test("follows the configured retention and access restriction", () => {
    const [vault] = attributesOf(
      synthVault({ minimumRetentionDays: 60, accessRestriction: "WITHIN_ORGANIZATION" }),
      "google_backup_dr_backup_vault",
    );
    expect(vault.backup_minimum_enforced_retention_duration).toBe(`${60 * 86_400}s`);
    expect(vault.access_restriction).toBe("WITHIN_ORGANIZATION");
  });

  test("refuses the primary region and retention under 30 days", () => {
    expect(() => synthVault({ location: "europe-west2" })).toThrow(
      "BackupVault acme-prod-backups: location must be a region other than the primary region europe-west2",
    );
    expect(() => synthVault({ minimumRetentionDays: 7 })).toThrow(
      "BackupVault acme-prod-backups: minimumRetentionDays must be an integer of at least 30, got 7",
    );
  });
});
