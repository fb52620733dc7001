import { z } from "zod";
import { cronSchedule } from "./backups";

/** pgaudit statement classes (https://github.com/pgaudit/pgaudit), optionally excluded with a leading `-`. */
const PGAUDIT_CLASS = "-?(read|write|function|role|ddl|misc|misc_set|all)";

export const databaseSection = z.strictObject({
  enabled: z.boolean().describe("deploys Cloud SQL for PostgreSQL"),
  version: z.enum(["POSTGRES_15", "POSTGRES_16", "POSTGRES_17"]).describe("the PostgreSQL major version"),
  tier: z
    .string()
    .regex(/^db-custom-\d+-\d+$/, { message: "expected a Cloud SQL tier such as db-custom-2-7680" })
    .describe(
      "`db-custom-<cpus>-<memory MB>`: an Enterprise edition machine tier (Enterprise Plus tiers are not supported)",
    ),
  availability: z.enum(["ZONAL", "REGIONAL"]).describe("`REGIONAL` keeps a standby in a second zone"),
  pointInTimeRecovery: z.boolean().describe("keeps write-ahead logs for point-in-time recovery"),
  transactionLogRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(7, { message: "Enterprise edition keeps 1 to 7 days of logs" })
    .describe("days of write-ahead log kept for point-in-time recovery (Enterprise edition keeps at most 7)"),
  sslMode: z
    .enum(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"])
    .describe(
      "`ENCRYPTED_ONLY` requires TLS; `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` also requires client certificates",
    ),
  backupStartTime: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: "expected HH:MM (UTC)" })
    .meta({ typeName: "`HH:MM`", description: "daily backup start time (UTC)" }),
  maintenanceWindow: z.strictObject({
    day: z.number().int().min(1).max(7).describe("day of the maintenance window: 1 (Monday) to 7 (Sunday)"),
    hour: z.number().int().min(0).max(23).describe("hour (UTC) the maintenance window starts"),
  }),
  databaseName: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: "expected a lowercase PostgreSQL name" })
    .describe(
      "the application database, owned by the application's IAM database user: a lowercase PostgreSQL name " +
        "(a letter, then up to 62 letters, digits or `_`)",
    ),
  pgauditLog: z
    .string()
    .regex(new RegExp(`^${PGAUDIT_CLASS}(,${PGAUDIT_CLASS})*$`), {
      message: "expected a comma-separated list of pgaudit classes such as all or ddl,role,write",
    })
    .describe(
      "`pgaudit.log`, the statement classes the audit log records: comma-separated `read`, `write`, " +
        "`function`, `role`, `ddl`, `misc`, `misc_set`, `all`, each optionally prefixed with `-` to exclude it " +
        "(CIS 6.2.8 suggests `all`)",
    ),
  exportSchedule: cronSchedule.describe(
    "when the database is exported to the locked backup bucket (`sql/<instance>/<time>.sql.gz`), " +
      "encrypted with the backup region's key; put it outside the automated backup's window (up to 4 hours " +
      "from `backupStartTime`) and the maintenance hour: Cloud SQL runs one operation at a time, and the job " +
      "asks again for up to an hour while the instance is busy",
  ),
  exportImage: z
    .string()
    .min(1)
    .describe(
      "container image of the export job: the Google Cloud CLI (`gcloud sql export sql`); pin it by digest",
    ),
  restoreCheckTable: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}\.[a-z_][a-z0-9_]{0,62}$/, {
      message: "expected a lowercase schema-qualified table name such as public.backup_canary",
    })
    .describe(
      "`schema.table` the restore drill counts rows in after restoring an export: a table the application " +
        "always has (create it after the first deploy; see docs/stacks.md)",
    ),
  restoreCheckMinRows: z
    .number()
    .int()
    .min(1)
    .describe("rows `restoreCheckTable` must hold in a restored export for the drill to succeed"),
});
export type DatabaseConfig = z.infer<typeof databaseSection>;
