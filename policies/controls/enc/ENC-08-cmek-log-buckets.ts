import type { Control } from "../../control";
import { judgeCmekCoverage } from "../../judge/cmek-coverage";

export const ENC08CmekLogBuckets: Control = {
  id: "ENC-08",
  title: "CMEK on every log bucket",
  claim: "Every Cloud Logging bucket the baseline declares stores its logs under a customer-managed key.",
  severity: "medium",
  rationale:
    "Audit and application logs hold sensitive data (identities, addresses, request contents); CMEK puts them " +
    "under the same key controls as the data they describe.",
  remediation:
    "Set cmek_settings.kms_key_name on the google_logging_project_bucket_config to a key in the bucket's location.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The foundation stack's log buckets name the kms stack's logs key.",
  evaluate: (scope) => judgeCmekCoverage(scope, ["google_logging_project_bucket_config"]),
};
