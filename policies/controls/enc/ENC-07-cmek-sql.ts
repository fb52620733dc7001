import type { Control } from "../../control";
import { judgeCmekCoverage } from "../../judge/cmek-coverage";

export const ENC07CmekSql: Control = {
  id: "ENC-07",
  title: "CMEK on every Cloud SQL instance",
  claim: "Every Cloud SQL instance, with its replicas and backups, is encrypted with a customer-managed key.",
  severity: "high",
  rationale:
    "CMEK on Cloud SQL covers the data disk, replicas and backups; it can only be chosen when the instance is " +
    "created, so it must be in the configuration from the start.",
  remediation: "Set encryption_key_name to a declared google_kms_crypto_key in the instance's region.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The data stack's Cloud SQL instance names the kms stack's sql key.",
  evaluate: (scope) => judgeCmekCoverage(scope, ["google_sql_database_instance"]),
};
