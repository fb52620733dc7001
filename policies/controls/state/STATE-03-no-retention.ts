import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { judgeStateBuckets } from "../../views/state-buckets";

export const STATE03NoRetention: Control = {
  id: "STATE-03",
  title: "The state bucket has no retention policy",
  claim: "Terraform can always write its state: no retention policy blocks overwriting it.",
  severity: "medium",
  rationale:
    "A retention policy forbids replacing or deleting objects until they age out, so Terraform could not " +
    "write state (or release its lock) and a locked policy could never be lifted; recovery comes from " +
    "versioning instead.",
  remediation: "Remove retention_policy from the state bucket and rely on object versioning.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The StateBucket construct sets no retention policy.",
  evaluate: (scope) =>
    judgeStateBuckets(scope, (bucket) => {
      const retention = get(bucket.attributes, "retention_policy");
      const found = [evidence("retention_policy", retention)];
      if (isUnknown(retention))
        return verdict("unknown", bucket, "retention_policy known only after apply", found);
      return isSet(retention)
        ? verdict("fail", bucket, "a retention policy would block state writes", found)
        : verdict("pass", bucket, "no retention policy", found);
    }),
};
