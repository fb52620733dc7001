import { z } from "zod";

export const KEY_PURPOSES = ["disks", "storage", "sql", "logs", "vaultUnseal", "backups"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

const protectionLevel = z.enum(["SOFTWARE", "HSM"]);

export const kmsSection = z.strictObject({
  /** Automatic rotation period of every key, in days. CIS 1.10 asks for 90 or fewer. */
  rotationDays: z
    .number()
    .int()
    .min(2, { message: "Cloud KMS rotation must be longer than one day" })
    .max(90, { message: "key rotation must be 90 days or fewer" }),
  /** Days a destroyed key version stays recoverable before it is gone (Cloud KMS allows 1 to 120). */
  destroyScheduledDays: z.number().int().min(1).max(120),
  /** Protection level per key purpose; HSM keeps key material in FIPS 140-2 Level 3 modules. */
  protectionLevels: z.strictObject(
    Object.fromEntries(KEY_PURPOSES.map((purpose) => [purpose, protectionLevel])) as Record<
      KeyPurpose,
      typeof protectionLevel
    >,
  ),
});
export type KmsConfig = z.infer<typeof kmsSection>;
