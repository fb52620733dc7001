import type { Construct } from "constructs";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import type { Config, EnvironmentConfig } from "../config/schema";
import { KEY_PURPOSES, type KeyPurpose } from "../config/sections/kms";
import { CmekKey } from "../constructs/enc/cmek-key";
import { BaselineStack } from "./baseline-stack";
import { envPrefix } from "../shared/stack-naming";

export type KeyLocation = "primary" | "backup";

/** Key rings in the primary and the backup region, each with one CMEK key per purpose. */
export class KmsStack extends BaselineStack {
  private readonly rings = new Map<KeyLocation, KmsKeyRing>();
  private readonly keys = new Map<string, KmsCryptoKey>();

  constructor(scope: Construct, config: Config, env: EnvironmentConfig) {
    super(scope, config, env, "kms");
    const regions: Record<KeyLocation, string> = { primary: env.primaryRegion, backup: env.backupRegion };
    for (const where of ["primary", "backup"] as const) {
      const ring = new KmsKeyRing(this, `ring-${where}`, {
        name: `${envPrefix(env)}-${where}`,
        location: regions[where],
        lifecycle: { preventDestroy: true },
      });
      this.rings.set(where, ring);
      for (const purpose of KEY_PURPOSES) {
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
    return this.rings.get(where)!;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
