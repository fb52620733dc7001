import type { Control } from "../../control";
import { judgeCmekCoverage } from "../../judge/cmek-coverage";

export const ENC06CmekBuckets: Control = {
  id: "ENC-06",
  title: "CMEK on every Cloud Storage bucket",
  claim: "Every Cloud Storage bucket encrypts new objects with a customer-managed key by default.",
  severity: "high",
  rationale:
    "A default CMEK key puts every object under a key the organisation rotates, audits and can revoke, " +
    "including backups and Terraform state. Not judged: data stores the baseline does not use (BigQuery " +
    "datasets, Pub/Sub topics, Artifact Registry, Filestore); add a control before adopting one. " +
    "Checkov's CKV_GCP_5 and trivy's AVD-GCP-0066 pass any key name; a key this configuration does " +
    "not declare fails here, since its rotation, protection and location cannot be proven.",
  remediation:
    "Set encryption.default_kms_key_name to a declared google_kms_crypto_key in the bucket's location.",
  references: { cis: [], checkov: ["CKV_GCP_5"], trivy: ["AVD-GCP-0066"] },
  implementation:
    "The state and backup bucket constructs require a key; the kms stack supplies the storage and backups keys.",
  evaluate: (scope) => judgeCmekCoverage(scope, ["google_storage_bucket"]),
};
