import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { truthy } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeStateBuckets } from "../../views/state-buckets";

export const STATE02DeletionProtection: Control = {
  id: "STATE-02",
  title: "The state bucket cannot be destroyed by Terraform",
  claim: "No Terraform run can delete the state bucket or empty it.",
  severity: "high",
  rationale:
    "Losing the state orphans every resource of every stack; prevent_destroy makes Terraform refuse to destroy " +
    "the bucket and force_destroy = false stops it deleting the objects inside.",
  remediation:
    "Add lifecycle { prevent_destroy = true } and remove force_destroy (or set it false) on the state bucket.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The StateBucket construct sets prevent_destroy and force_destroy false unless allowDestroy is asked for.",
  evaluate: (scope) =>
    judgeStateBuckets(scope, (bucket) => {
      const prevent = bucket.lifecycle?.preventDestroy;
      const force = bucket.attributes.force_destroy;
      const found = [evidence("lifecycle.prevent_destroy", prevent), evidence("force_destroy", force)];
      if (truthy(force) === true)
        return verdict("fail", bucket, "force_destroy lets Terraform delete every state object", found);
      if (isUnknown(prevent) || isUnknown(force))
        return verdict("unknown", bucket, "lifecycle or force_destroy cannot be read", found);
      return prevent === true
        ? verdict("pass", bucket, "prevent_destroy on, force_destroy off", found)
        : verdict(
            "fail",
            bucket,
            "no lifecycle.prevent_destroy: terraform destroy would delete the state bucket",
            found,
          );
    }),
};
