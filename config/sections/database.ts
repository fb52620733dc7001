import { z } from "zod";

export const databaseSection = z.strictObject({
  enabled: z.boolean(),
  version: z.enum(["POSTGRES_15", "POSTGRES_16", "POSTGRES_17"]),
  tier: z.string().regex(/^db-/, { message: "expected a Cloud SQL tier such as db-custom-2-7680" }),
  /** REGIONAL gives a standby in a second zone. */
  availability: z.enum(["ZONAL", "REGIONAL"]),
  pointInTimeRecovery: z.boolean(),
  /** ENCRYPTED_ONLY requires TLS; TRUSTED_CLIENT_CERTIFICATE_REQUIRED also requires client certificates. */
  sslMode: z.enum(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]),
  backupStartTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: "expected HH:MM (UTC)" }),
  maintenanceWindow: z.strictObject({
    /** 1 = Monday ... 7 = Sunday. */
    day: z.number().int().min(1).max(7),
    hour: z.number().int().min(0).max(23),
  }),
});
export type DatabaseConfig = z.infer<typeof databaseSection>;
