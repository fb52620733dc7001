import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { truthy } from "../../model/values";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const STO01UniformAccess: Control = {
  id: "STO-01",
  title: "Uniform bucket-level access on every bucket",
  claim: "Access to every bucket is decided by IAM alone; object ACLs are disabled.",
  severity: "high",
  rationale:
    "With object ACLs any object can be made public or shared one by one, invisibly to IAM reviews; uniform " +
    "bucket-level access turns ACLs off so the bucket's IAM policy is the whole truth.",
  remediation: "Set uniform_bucket_level_access = true on the google_storage_bucket.",
  references: { cis: ["5.2"], checkov: ["CKV_GCP_29"], trivy: ["AVD-GCP-0002"] },
  implementation:
    "Every bucket construct sets uniform_bucket_level_access; storage.uniformBucketLevelAccess is enforced.",
  evaluate: (scope) =>
    judgeEach(scope, ["google_storage_bucket"], (bucket) => {
      const value = bucket.attributes.uniform_bucket_level_access;
      const found = [evidence("uniform_bucket_level_access", value)];
      if (isUnknown(value))
        return verdict("unknown", bucket, "uniform_bucket_level_access is known only after apply", found);
      return truthy(value) === true
        ? verdict("pass", bucket, "uniform bucket-level access on", found)
        : verdict("fail", bucket, "uniform_bucket_level_access is not true: object ACLs are honoured", found);
    }),
};
