import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { CRYPTO_KEY } from "../../views/kms";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { NON_ENCRYPTION_PURPOSES, keyPurpose } from "../../views/key-purpose";

const SYMMETRIC = "GOOGLE_SYMMETRIC_ENCRYPTION";

export const ENC01SymmetricKeys: Control = {
  id: "ENC-01",
  title: "Encryption keys are symmetric AES-256-GCM",
  claim: "Every data-encryption key is a Cloud KMS symmetric key (AES-256-GCM, GOOGLE_SYMMETRIC_ENCRYPTION).",
  severity: "medium",
  rationale:
    "CMEK integrations (disks, Cloud Storage, Cloud SQL, Logging) require symmetric ENCRYPT_DECRYPT keys; " +
    "AES-256-GCM authenticates what it encrypts, and only symmetric keys rotate automatically.",
  remediation:
    'Use purpose = "ENCRYPT_DECRYPT" with version_template.algorithm = "GOOGLE_SYMMETRIC_ENCRYPTION" (or no ' +
    "version_template, whose default is the same).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The CmekKey construct fixes purpose ENCRYPT_DECRYPT and algorithm GOOGLE_SYMMETRIC_ENCRYPTION.",
  evaluate: (scope) =>
    judgeEach(scope, [CRYPTO_KEY], (key) => {
      const purpose = keyPurpose(key);
      const algorithm = get(key.attributes, "version_template.algorithm");
      const found = [evidence("purpose", purpose), evidence("version_template.algorithm", algorithm)];
      if (isUnknown(purpose) || isUnknown(algorithm))
        return verdict("unknown", key, "purpose or algorithm known only after apply", found);
      if (typeof purpose === "string" && NON_ENCRYPTION_PURPOSES.includes(purpose)) {
        return verdict("not-applicable", key, `a ${purpose} key does not encrypt data`, found);
      }
      if (purpose !== "ENCRYPT_DECRYPT")
        return verdict("fail", key, `purpose ${String(purpose)} is not symmetric encryption`, found);
      if (algorithm !== undefined && algorithm !== SYMMETRIC) {
        return verdict("fail", key, `algorithm ${String(algorithm)} is not ${SYMMETRIC}`, found);
      }
      return verdict(
        "pass",
        key,
        `symmetric AES-256-GCM${algorithm === undefined ? " (provider default algorithm)" : ""}`,
        found,
      );
    }),
};
