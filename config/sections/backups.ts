import { z } from "zod";

/** The published claim: every backup is kept 30 days, then deleted. */
export const MIN_BACKUP_RETENTION_DAYS = 30;

export const backupsSection = z.strictObject({
  /** Days every backup (bucket objects, disk snapshots, Cloud SQL backups, vault backups) is kept, then deleted. */
  retentionDays: z
    .number()
    .int()
    .min(MIN_BACKUP_RETENTION_DAYS, {
      message: `backups must be kept at least ${MIN_BACKUP_RETENTION_DAYS} days (the published retention claim)`,
    })
    .max(365, { message: "Cloud SQL keeps at most 365 automated backups; expected 365 days or fewer" }),
  /** Daily snapshot start time (UTC); Compute Engine accepts 00:00, 04:00, ... 20:00. */
  snapshotStartTime: z.string().regex(/^(00|04|08|12|16|20):00$/, {
    message: "expected one of 00:00, 04:00, 08:00, 12:00, 16:00, 20:00",
  }),
  /** Lock the backup bucket's retention policy (irreversible); the BAK controls require it in production. */
  lock: z.boolean(),
  /** Days a deleted backup object stays restorable (Cloud Storage soft delete accepts 7 to 90). */
  softDeleteDays: z
    .number()
    .int()
    .min(7, { message: "Cloud Storage soft delete keeps objects 7 to 90 days" })
    .max(90, { message: "Cloud Storage soft delete keeps objects 7 to 90 days" }),
  /** Who may restore from the Backup and DR vault: this project only, or any project of the organization. */
  vaultAccessRestriction: z.enum(["WITHIN_PROJECT", "WITHIN_ORGANIZATION"]),
});
export type BackupsConfig = z.infer<typeof backupsSection>;
