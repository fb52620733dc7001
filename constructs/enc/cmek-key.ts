import { Construct } from "constructs";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { daysAsSeconds } from "../../lib/duration";

export const MAX_ROTATION_DAYS = 90;

export interface CmekKeyProps {
  /** Key ring id (`projects/P/locations/L/keyRings/R`); the key lives in the ring's location. */
  readonly keyRing: string;
  readonly name: string;
  /** Automatic rotation period in days: 2 to 90 (Cloud KMS needs more than a day; CIS 1.10 asks for 90 or fewer). */
  readonly rotationDays?: number;
  /** HSM (default) keeps key material in FIPS 140-2 Level 3 modules; SOFTWARE is cheaper. */
  readonly protectionLevel?: "HSM" | "SOFTWARE";
  /** Days a destroyed version stays recoverable (1-120, default 30). */
  readonly destroyScheduledDays?: number;
  /** Lets `terraform destroy` delete the key resource. Off by default: losing a key loses the data. */
  readonly allowDestroy?: boolean;
  readonly labels?: Record<string, string>;
}

/**
 * A customer-managed encryption key that guarantees: symmetric AES-256-GCM (GOOGLE_SYMMETRIC_ENCRYPTION),
 * automatic rotation every 90 days or sooner, HSM protection unless SOFTWARE is asked for, a recovery window
 * for destroyed versions, and Terraform's prevent_destroy.
 */
export class CmekKey extends Construct {
  readonly key: KmsCryptoKey;

  constructor(scope: Construct, id: string, props: CmekKeyProps) {
    super(scope, id);
    const rotationDays = props.rotationDays ?? MAX_ROTATION_DAYS;
    if (!Number.isInteger(rotationDays) || rotationDays < 2 || rotationDays > MAX_ROTATION_DAYS) {
      throw new Error(
        `CmekKey ${props.name}: rotationDays must be an integer from 2 to 90, got ${rotationDays}`,
      );
    }
    const destroyScheduledDays = props.destroyScheduledDays ?? 30;
    this.key = new KmsCryptoKey(this, "key", {
      name: props.name,
      keyRing: props.keyRing,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: daysAsSeconds(rotationDays),
      destroyScheduledDuration: daysAsSeconds(destroyScheduledDays),
      versionTemplate: {
        algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION",
        protectionLevel: props.protectionLevel ?? "HSM",
      },
      labels: props.labels,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });
  }
}
