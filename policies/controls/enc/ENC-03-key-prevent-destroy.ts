import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { CRYPTO_KEY } from "../../views/kms";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const ENC03KeyPreventDestroy: Control = {
  id: "ENC-03",
  title: "Keys are protected from terraform destroy",
  claim: "No Terraform run can destroy an encryption key (and with it the data it protects).",
  severity: "high",
  rationale:
    "Destroying a google_kms_crypto_key destroys all its versions: every disk, bucket, database and log " +
    "encrypted with it becomes unreadable. lifecycle.prevent_destroy makes Terraform refuse such a plan.",
  remediation: "Add lifecycle { prevent_destroy = true } to the google_kms_crypto_key.",
  references: { cis: [], checkov: ["CKV_GCP_82"], trivy: [] },
  implementation:
    "The CmekKey construct sets lifecycle.preventDestroy unless allowDestroy is asked for; the baseline never asks.",
  evaluate: (scope) =>
    judgeEach(scope, [CRYPTO_KEY], (key) => {
      const value = key.lifecycle?.preventDestroy;
      const found = [evidence("lifecycle.prevent_destroy", value)];
      if (isUnknown(value))
        return verdict("unknown", key, `lifecycle.prevent_destroy cannot be read: ${value.reason}`, found);
      return value === true
        ? verdict("pass", key, "lifecycle.prevent_destroy is true", found)
        : verdict(
            "fail",
            key,
            "lifecycle.prevent_destroy is not set: terraform destroy would destroy the key",
            found,
          );
    }),
};
