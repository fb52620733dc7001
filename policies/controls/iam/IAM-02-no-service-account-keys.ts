import type { Control } from "../../control";
import { evidence, projectVerdict, verdict } from "../../judge/results";

const KEY = "google_service_account_key";
/** A Cloud Storage HMAC key: a long-lived secret for a service account, just as downloadable. */
const HMAC_KEY = "google_storage_hmac_key";

export const IAM02NoServiceAccountKeys: Control = {
  id: "IAM-02",
  title: "No user-managed service account keys",
  claim: "No service account has a downloadable key: workloads authenticate as attached service accounts.",
  severity: "high",
  rationale:
    "A service account key is a long-lived bearer credential that leaks through laptops, CI logs and " +
    "repositories; attached service accounts and workload identity need no key at all.",
  remediation:
    "Remove the google_service_account_key (or google_storage_hmac_key); attach the service account to the workload instead.",
  references: { cis: ["1.4"], checkov: [], trivy: [] },
  implementation:
    "The baseline declares no google_service_account_key and enforces iam.disableServiceAccountKeyCreation.",
  evaluate: (scope) => {
    const keys = scope.ofType(KEY);
    const hmacKeys = scope.ofType(HMAC_KEY);
    if (keys.length + hmacKeys.length === 0) return [projectVerdict("pass", `no ${KEY} or ${HMAC_KEY}`)];
    return [
      ...keys.map((key) =>
        verdict("fail", key, `user-managed key for ${String(key.attributes.service_account_id)}`, [
          evidence("service_account_id", key.attributes.service_account_id),
        ]),
      ),
      ...hmacKeys.map((key) =>
        verdict("fail", key, `HMAC key for ${String(key.attributes.service_account_email)}`, [
          evidence("service_account_email", key.attributes.service_account_email),
        ]),
      ),
    ];
  },
};
