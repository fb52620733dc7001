import { z } from "zod";
import { region } from "./common";

/** The published claim: every backup is kept 30 days, then deleted. */
export const MIN_BACKUP_RETENTION_DAYS = 30;

/** A five-field cron expression (minute hour day-of-month month day-of-week), numbers only, as Cloud Scheduler reads it. */
export const cronSchedule = z
  .string()
  .regex(/^[0-9*,/-]+( [0-9*,/-]+){4}$/, {
    message: "expected a five-field cron expression with numbers only, such as 0 6 1 1,4,7,10 *",
  })
  .meta({
    typeName: "cron",
    typeRule:
      "five fields (minute hour day-of-month month day-of-week), numbers, `*`, `,`, `-` and `/` only; UTC",
  });

/** An instant in UTC, RFC 3339 with seconds and `Z`: how the Backup and DR API writes times. */
const utcTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, {
    message: "expected a UTC time such as 2027-01-04T00:00:00Z",
  })
  .meta({ typeName: "`YYYY-MM-DDTHH:MM:SSZ`" });

export const backupsSection = z.strictObject({
  retentionDays: z
    .number()
    .int()
    .min(MIN_BACKUP_RETENTION_DAYS, {
      message: `backups must be kept at least ${MIN_BACKUP_RETENTION_DAYS} days (the published retention claim)`,
    })
    .max(365, { message: "Cloud SQL keeps at most 365 automated backups; expected 365 days or fewer" })
    .describe(
      "every backup (bucket objects, disk snapshots, Cloud SQL backups, backup vault) is kept this many days, " +
        `then deleted: at least ${MIN_BACKUP_RETENTION_DAYS} (the published claim), at most 365 (Cloud SQL's limit)`,
    ),
  snapshotStartTime: z
    .string()
    .regex(/^(00|04|08|12|16|20):00$/, {
      message: "expected one of 00:00, 04:00, 08:00, 12:00, 16:00, 20:00",
    })
    .meta({
      typeName: "`HH:00`",
      description:
        "daily disk snapshot start time (UTC): one of 00:00, 04:00, 08:00, 12:00, 16:00, 20:00 (what Compute Engine accepts)",
    }),
  lock: z
    .boolean()
    .describe(
      "locks the backup bucket's retention policy (irreversible) and the backup vault's enforced retention " +
        "(from `vaultLockTime`); the BAK controls require both in production",
    ),
  vaultLockTime: utcTimestamp
    .optional()
    .describe(
      "when the Backup and DR vault's enforced retention locks (its `effective_time`): from then on nobody can " +
        "lower or remove it. Required where `lock` is true; ignored where it is false",
    ),
  softDeleteDays: z
    .number()
    .int()
    .min(7, { message: "Cloud Storage soft delete keeps objects 7 to 90 days" })
    .max(90, { message: "Cloud Storage soft delete keeps objects 7 to 90 days" })
    .describe("days a deleted backup object stays restorable (Cloud Storage soft delete)"),
  vaultAccessRestriction: z
    .enum(["WITHIN_PROJECT", "WITHIN_ORGANIZATION"])
    .describe(
      "who may restore from the Backup and DR vault: this project only, or any project of the organization",
    ),
  restoreDrillSchedule: cronSchedule.describe(
    "when the restore drill runs: it restores the latest database export into a throwaway PostgreSQL " +
      "and checks `database.restoreCheckTable`; the BAK controls require a drill at least every 92 days",
  ),
  restoreDrillMaxDays: z
    .number()
    .int()
    .min(1)
    .max(100, {
      message: "a drill overdue by more than 100 days is no longer quarterly; expected 100 or fewer",
    })
    .describe(
      "an alert fires when no drill has succeeded for this many days (keep it a few days above the " +
        "schedule's longest gap, which the drill takes to run)",
    ),
  restoreDrillImage: z
    .string()
    .min(1)
    .describe(
      "container image of the drill: PostgreSQL server and client tools of at least `database.version`'s " +
        "major version, with bash and runuser (the official `postgres` image has them); pin it by digest",
    ),
  restoreDrillVaultCheck: z
    .boolean()
    .optional()
    .describe(
      "also check the newest Vault raft snapshot in each drill (when `vault.enabled`): age within the snapshot " +
        "schedule, checksums, and `vault operator raft snapshot inspect` offline. Needs `restoreDrillImage` to " +
        "carry the Vault CLI of `vault.version` beside PostgreSQL (the official `postgres` image does not); " +
        "default false",
    ),
  vaultSnapshotSchedule: cronSchedule.describe(
    "when the Vault raft snapshot job runs (when `vault.enabled`): it saves a snapshot to " +
      "`vault/raft-<time>.snap` in the backup bucket; an alert fires when none has succeeded for 2 days, so " +
      "run it at least daily",
  ),
  vaultSnapshotImage: z
    .string()
    .min(1)
    .describe(
      "container image of the Vault raft snapshot job: bash, curl, tar, gzip and coreutils (the Google Cloud " +
        "CLI image has them); pin it by digest",
    ),
  secondaryRegion: region
    .optional()
    .describe(
      "a second offsite copy (absent: none): a second backup bucket in this region, hardened like the first " +
        "and keyed with its own key ring there, fed daily from the backup bucket by Storage Transfer Service " +
        "(create-only: never overwrites, never deletes). Must differ from `primaryRegion` and `backupRegion` " +
        "and be one of `allowedRegions`",
    ),
});
export type BackupsConfig = z.infer<typeof backupsSection>;
