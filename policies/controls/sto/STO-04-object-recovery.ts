import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const STO04ObjectRecovery: Control = {
  id: "STO-04",
  title: "Every bucket keeps overwritten or deleted data recoverable",
  claim:
    "Data deleted or overwritten in a bucket can be recovered: object versioning or a retention policy on every bucket.",
  severity: "medium",
  rationale:
    "Ransomware and mistakes delete or overwrite objects; versioning keeps earlier generations and a retention " +
    "policy forbids deletion for its period. Soft delete alone keeps only deleted objects, for at most 90 days. " +
    "Checkov's CKV_GCP_78 and trivy's AVD-GCP-0078 ask for versioning only; a retention policy, " +
    "which Cloud Storage does not allow together with versioning and which also forbids deleting or " +
    "overwriting an object, passes here.",
  remediation:
    "Set versioning { enabled = true } or a retention_policy { retention_period = ... } on the bucket.",
  references: { cis: [], checkov: ["CKV_GCP_78"], trivy: ["AVD-GCP-0078"] },
  implementation: "The state bucket is versioned; the backup bucket has a retention policy (locked in prod).",
  evaluate: (scope) =>
    judgeEach(scope, ["google_storage_bucket"], (bucket) => {
      const versioning = get(bucket.attributes, "versioning.enabled");
      const retention = get(bucket.attributes, "retention_policy.retention_period");
      const found = [
        evidence("versioning.enabled", versioning),
        evidence("retention_policy.retention_period", retention),
      ];
      if (truthy(versioning) === true) return verdict("pass", bucket, "object versioning on", found);
      if (Number(retention) > 0)
        return verdict("pass", bucket, `retention policy of ${String(retention)} seconds`, found);
      if (isUnknown(versioning) || isUnknown(retention))
        return verdict("unknown", bucket, "versioning or retention known only after apply", found);
      return verdict("fail", bucket, "neither object versioning nor a retention policy", found);
    }),
};
