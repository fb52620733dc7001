import { z } from "zod";

/** pgaudit statement classes (https://github.com/pgaudit/pgaudit), optionally excluded with a leading `-`. */
const PGAUDIT_CLASS = "-?(read|write|function|role|ddl|misc|misc_set|all)";

export const databaseSection = z.strictObject({
  enabled: z.boolean(),
  version: z.enum(["POSTGRES_15", "POSTGRES_16", "POSTGRES_17"]),
  /** Enterprise edition machine tier (db-custom-CPUS-MEMORY_MB); Enterprise Plus tiers are not supported here. */
  tier: z
    .string()
    .regex(/^db-custom-\d+-\d+$/, { message: "expected a Cloud SQL tier such as db-custom-2-7680" }),
  /** REGIONAL gives a standby in a second zone. */
  availability: z.enum(["ZONAL", "REGIONAL"]),
  pointInTimeRecovery: z.boolean(),
  /** Days of write-ahead log kept for point-in-time recovery (Enterprise edition: 1 to 7). */
  transactionLogRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(7, { message: "Enterprise edition keeps 1 to 7 days of logs" }),
  /** ENCRYPTED_ONLY requires TLS; TRUSTED_CLIENT_CERTIFICATE_REQUIRED also requires client certificates. */
  sslMode: z.enum(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]),
  backupStartTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: "expected HH:MM (UTC)" }),
  maintenanceWindow: z.strictObject({
    /** 1 = Monday ... 7 = Sunday. */
    day: z.number().int().min(1).max(7),
    hour: z.number().int().min(0).max(23),
  }),
  /** The application database, owned by the application's IAM database user. */
  databaseName: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: "expected a lowercase PostgreSQL name" }),
  /** pgaudit.log: statement classes the audit log records (CIS 6.2.8 suggests all). */
  pgauditLog: z.string().regex(new RegExp(`^${PGAUDIT_CLASS}(,${PGAUDIT_CLASS})*$`), {
    message: "expected a comma-separated list of pgaudit classes such as all or ddl,role,write",
  }),
});
export type DatabaseConfig = z.infer<typeof databaseSection>;
