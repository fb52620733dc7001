import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { CRYPTO_KEY } from "../../views/kms";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { keyPurpose } from "../../views/key-purpose";
import { MAX_ROTATION_SECONDS } from "../../views/key-rotation";

export const ENC02KeyRotation: Control = {
  id: "ENC-02",
  title: "Keys rotate automatically every 90 days or sooner",
  claim: "Every encryption key gets a new primary version at least every 90 days.",
  severity: "high",
  rationale:
    "Rotation bounds how much data one key version protects and how long a leaked version stays useful; " +
    "without rotation_period a key never rotates. " +
    "Trivy's AVD-GCP-0065 fails only a period over 90 days and passes a key without rotation_period, " +
    "which never rotates and fails here.",
  remediation: 'Set rotation_period to "7776000s" (90 days) or less on the google_kms_crypto_key.',
  references: { cis: ["1.10"], checkov: ["CKV_GCP_43"], trivy: ["AVD-GCP-0065"] },
  implementation:
    "The CmekKey construct renders rotation_period from kms.rotationDays, which the config caps at 90.",
  evaluate: (scope) =>
    judgeEach(scope, [CRYPTO_KEY], (key) => {
      const purpose = keyPurpose(key);
      const period = key.attributes.rotation_period;
      const found = [evidence("rotation_period", period)];
      if (isUnknown(purpose) || isUnknown(period))
        return verdict("unknown", key, "rotation_period is known only after apply", found);
      if (purpose !== "ENCRYPT_DECRYPT") {
        return verdict(
          "not-applicable",
          key,
          `Cloud KMS rotates only symmetric keys; purpose is ${String(purpose)}`,
          found,
        );
      }
      if (period === undefined)
        return verdict("fail", key, "no rotation_period: the key never rotates", found);
      const seconds = parseSeconds(period);
      if (seconds === undefined)
        return verdict("fail", key, `rotation_period ${String(period)} is not a duration in seconds`, found);
      return seconds <= MAX_ROTATION_SECONDS
        ? verdict("pass", key, `rotates every ${seconds / 86_400} days`, found)
        : verdict("fail", key, `rotates every ${seconds / 86_400} days, more than 90`, found);
    }),
};

/** `"7776000s"` (Terraform's duration format) → 7776000. */
function parseSeconds(value: unknown): number | undefined {
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  return match ? Number(match[1]) : undefined;
}
