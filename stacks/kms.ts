import type { Construct } from "constructs";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import type { Config, EnvironmentConfig } from "../config/schema";
import { KEY_PURPOSES, type KeyPurpose } from "../config/sections/kms";
import { CmekKey } from "../constructs/enc/cmek-key";
import { BaselineStack } from "./baseline-stack";
import { envPrefix } from "../shared/stack-naming";

export type KeyLocation = "primary" | "backup" | "secondary";

/** What the secondary region's ring holds: only the key of the second offsite copy of the backups. */
const SECONDARY_PURPOSES: readonly KeyPurpose[] = ["backups"];

/**
 * Key rings in the primary and the backup region, each with one CMEK key per purpose; with
 * `backups.secondaryRegion`, a third ring there with the backups key only (the second offsite copy's), made
 * like the backup region's: same rotation, recovery window and protection level.
 */
export class KmsStack extends BaselineStack {
  private readonly rings = new Map<KeyLocation, KmsKeyRing>();
  private readonly keys = new Map<string, KmsCryptoKey>();

  constructor(scope: Construct, config: Config, env: EnvironmentConfig) {
    super(scope, config, env, "kms");
    const secondary = env.backups.secondaryRegion;
    const regions: Partial<Record<KeyLocation, string>> = {
      primary: env.primaryRegion,
      backup: env.backupRegion,
      ...(secondary !== undefined ? { secondary } : {}),
    };
    for (const where of ["primary", "backup", "secondary"] as const) {
      const location = regions[where];
      if (location === undefined) continue;
      const ring = new KmsKeyRing(this, `ring-${where}`, {
        name: `${envPrefix(env)}-${where}`,
        location,
        lifecycle: { preventDestroy: true },
      });
      this.rings.set(where, ring);
      for (const purpose of where === "secondary" ? SECONDARY_PURPOSES : KEY_PURPOSES) {
        const cmek = new CmekKey(this, `${purpose}-${where}`, {
          keyRing: ring.id,
          name: kebab(purpose),
          rotationDays: env.kms.rotationDays,
          destroyScheduledDays: env.kms.destroyScheduledDays,
          protectionLevel: env.kms.protectionLevels[purpose],
          labels: { purpose: kebab(purpose) },
        });
        this.keys.set(`${purpose}/${where}`, cmek.key);
      }
    }
  }

  key(purpose: KeyPurpose, where: KeyLocation): KmsCryptoKey {
    const key = this.keys.get(`${purpose}/${where}`);
    if (!key) throw new Error(`no ${purpose} key in the ${where} region`);
    return key;
  }

  keyRing(where: KeyLocation): KmsKeyRing {
    const ring = this.rings.get(where);
    if (!ring) throw new Error(`no key ring in the ${where} region (backups.secondaryRegion is not set)`);
    return ring;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
