import { z } from "zod";

export const backupsSection = z.strictObject({
  /** Days every backup is kept and then deleted; the published claim is 30. */
  retentionDays: z.number().int().min(30, { message: "backups must be retained for at least 30 days" }).max(3650),
  /** Daily snapshot start time (UTC); Compute Engine accepts 00:00, 04:00, ... 20:00. */
  snapshotStartTime: z
    .string()
    .regex(/^(00|04|08|12|16|20):00$/, { message: "expected one of 00:00, 04:00, 08:00, 12:00, 16:00, 20:00" }),
  /** Lock the backup bucket's retention policy (irreversible); recommended in production. */
  lock: z.boolean(),
});
export type BackupsConfig = z.infer<typeof backupsSection>;
