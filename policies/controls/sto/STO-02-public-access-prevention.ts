import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const STO02PublicAccessPrevention: Control = {
  id: "STO-02",
  title: "Public access prevention enforced on every bucket",
  claim: "No bucket can be made public, whatever IAM grant or ACL someone adds later.",
  severity: "high",
  rationale:
    "Public access prevention makes Cloud Storage refuse allUsers and allAuthenticatedUsers on the bucket and " +
    'its objects; "inherited" (the default) depends on an organisation policy the project may not have.',
  remediation: 'Set public_access_prevention = "enforced" on the google_storage_bucket.',
  references: { cis: [], checkov: ["CKV_GCP_114"], trivy: [] },
  implementation:
    "Every bucket construct sets public_access_prevention enforced; storage.publicAccessPrevention is enforced too.",
  evaluate: (scope) =>
    judgeEach(scope, ["google_storage_bucket"], (bucket) => {
      const value = bucket.attributes.public_access_prevention;
      const found = [evidence("public_access_prevention", value)];
      if (isUnknown(value))
        return verdict("unknown", bucket, "public_access_prevention is known only after apply", found);
      return value === "enforced"
        ? verdict("pass", bucket, "public access prevention enforced", found)
        : verdict(
            "fail",
            bucket,
            `public_access_prevention is ${value === undefined ? "not set (inherited)" : String(value)}, not enforced`,
            found,
          );
    }),
};
