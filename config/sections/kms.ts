import { z } from "zod";

export const KEY_PURPOSES = ["disks", "storage", "sql", "logs", "vaultUnseal", "backups"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

const protectionLevel = z.enum(["SOFTWARE", "HSM"]);

export const kmsSection = z.strictObject({
  rotationDays: z
    .number()
    .int()
    .min(2, { message: "Cloud KMS rotation must be longer than one day" })
    .max(90, { message: "key rotation must be 90 days or fewer" })
    .describe(
      "days between automatic rotations of every key (Cloud KMS needs more than one day; CIS 1.10 asks for 90 or fewer)",
    ),
  destroyScheduledDays: z
    .number()
    .int()
    .min(1)
    .max(120)
    .describe("days a destroyed key version stays recoverable before it is gone"),
  protectionLevels: z
    .strictObject(
      Object.fromEntries(KEY_PURPOSES.map((purpose) => [purpose, protectionLevel])) as Record<
        KeyPurpose,
        typeof protectionLevel
      >,
    )
    .meta({
      eachKey: "<purpose>",
      description:
        "protection level of the keys of each purpose; HSM keeps key material in FIPS 140-2 Level 3 modules",
    }),
});
export type KmsConfig = z.infer<typeof kmsSection>;
