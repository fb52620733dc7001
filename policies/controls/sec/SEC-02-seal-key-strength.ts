import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { MAX_ROTATION_SECONDS } from "../../views/key-rotation";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { judgeSealKeys } from "../../views/vault-seal-key";

const PROTECTION_LEVEL = "version_template.protection_level";

export const SEC02SealKeyStrength: Control = {
  id: "SEC-02",
  title: "Vault's unseal key is HSM-protected and rotated every 90 days or sooner",
  claim:
    "The key that unseals Vault lives in FIPS 140-2 Level 3 HSMs and gets a new version at least every 90 days.",
  severity: "high",
  rationale:
    "Whoever can use the unseal key can decrypt Vault's root key. HSM protection keeps the key material out of " +
    "software and rotation bounds what one key version protects; Vault supports rotation as long as old " +
    "versions stay enabled for decrypting older data.",
  remediation:
    'Set version_template.protection_level = "HSM" and rotation_period <= "7776000s" on the unseal key ' +
    "(kms.protectionLevels.vaultUnseal: HSM and kms.rotationDays <= 90 in baseline.yaml).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The kms stack's CmekKey for vaultUnseal takes HSM from kms.protectionLevels (the default) and rotation " +
    "from kms.rotationDays, which the configuration caps at 90.",
  evaluate: (scope) =>
    judgeSealKeys(scope, (_host, key) => {
      const level = literal(scope, key, get(key.attributes, PROTECTION_LEVEL));
      const period = literal(scope, key, key.attributes.rotation_period);
      const found = [evidence(PROTECTION_LEVEL, level), evidence("rotation_period", period)];
      if (isUnknown(level) || isUnknown(period))
        return [verdict("unknown", key, "protection level or rotation is known only after apply", found)];
      const problems = [
        ...(level === "HSM"
          ? []
          : [`protection level is ${String(level ?? "SOFTWARE (the default)")}, not HSM`]),
        ...rotationProblems(period),
      ];
      return [
        problems.length === 0
          ? verdict("pass", key, `HSM key rotated every ${Number(seconds(period)) / 86_400} days`, found)
          : verdict("fail", key, problems.join("; "), found),
      ];
    }),
};

function rotationProblems(period: unknown): string[] {
  if (period === undefined || period === null) return ["no rotation_period: the key never rotates"];
  const value = seconds(period);
  if (value === undefined) return [`rotation_period ${String(period)} is not a duration in seconds`];
  return value <= MAX_ROTATION_SECONDS ? [] : [`rotates every ${value / 86_400} days, more than 90`];
}

/** Terraform's duration format, `"7776000s"`. */
function seconds(period: unknown): number | undefined {
  const match = typeof period === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(period.trim()) : null;
  return match ? Number(match[1]) : undefined;
}
