import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeStateBuckets } from "../../views/state-buckets";

export const STATE01Versioning: Control = {
  id: "STATE-01",
  title: "Terraform state is versioned",
  claim: "Every earlier version of the Terraform state can be restored.",
  severity: "high",
  rationale:
    "A corrupted or maliciously rewritten state makes Terraform destroy or orphan real infrastructure; object " +
    "versioning keeps every earlier state so it can be restored. " +
    "Same verdict on the state bucket as checkov's CKV_GCP_78 and trivy's AVD-GCP-0078.",
  remediation: "Set versioning { enabled = true } on the state bucket.",
  references: { cis: [], checkov: ["CKV_GCP_78"], trivy: ["AVD-GCP-0078"] },
  implementation: "The StateBucket construct enables object versioning.",
  evaluate: (scope) =>
    judgeStateBuckets(scope, (bucket) => {
      const value = get(bucket.attributes, "versioning.enabled");
      const found = [evidence("versioning.enabled", value)];
      if (isUnknown(value)) return verdict("unknown", bucket, "versioning known only after apply", found);
      return truthy(value) === true
        ? verdict("pass", bucket, "state bucket versioned", found)
        : verdict("fail", bucket, "state bucket is not versioned: a bad write cannot be undone", found);
    }),
};
