import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { keyLocation, keyReference } from "../shared/kms";
import { evidence, verdict } from "../shared/results";
import { judgeInstances, setting } from "./instances";

export const sqlCmek: Control = {
  id: "SQL-03",
  title: "Cloud SQL encrypted with a customer-managed key in its region",
  claim: "The database, its backups and temporary storage are encrypted with customer-managed AES-256 keys.",
  severity: "high",
  rationale:
    "A customer-managed key puts the data's encryption under the organisation's rotation, access policy " +
    "and audit, and lets it be made unreadable by disabling the key. Cloud SQL requires the key in the " +
    "instance's region.",
  remediation:
    "Set encryption_key_name to a Cloud KMS key in the instance's region and grant the Cloud SQL service " +
    "agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it (CMEK can only be set when the instance is created).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    'The data stack passes kms.key("sql", "primary"), a GOOGLE_SYMMETRIC_ENCRYPTION (AES-256-GCM) key in the ' +
    "primary region; the foundation stack grants it to the Cloud SQL service agent.",
  evaluate: (scope) =>
    judgeInstances(scope, (instance) => {
      const ref = keyReference(scope, instance, instance.attributes.encryption_key_name);
      const region = setting(scope, instance, "region");
      const found = [
        evidence("encryption_key_name", instance.attributes.encryption_key_name),
        evidence("region", region),
      ];
      if (ref.kind === "none")
        return verdict("fail", instance, "no encryption_key_name: Google-managed key", found);
      if (ref.kind === "unknown") return verdict("unknown", instance, ref.reason, found);
      const keyAt = keyLocation(scope, ref);
      found.push(evidence("(key location)", keyAt));
      if (isUnknown(keyAt) || isUnknown(region) || typeof region !== "string") {
        return verdict("unknown", instance, "key or instance region known only after apply", found);
      }
      return keyAt === region.toLowerCase()
        ? verdict("pass", instance, `encrypted with a customer-managed key in ${keyAt}`, found)
        : verdict("fail", instance, `key is in ${keyAt}, the instance in ${region}`, found);
    }),
};
