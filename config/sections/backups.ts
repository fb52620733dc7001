import { z } from "zod";

/** The published claim: every backup is kept 30 days, then deleted. */
export const MIN_BACKUP_RETENTION_DAYS = 30;

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
      "locks the backup bucket's retention policy (irreversible); the BAK controls require it in production",
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
});
export type BackupsConfig = z.infer<typeof backupsSection>;
