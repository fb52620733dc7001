import type { Result } from "../control";
import type { Resource, Scope } from "../model/types";
import { get } from "../model/values";
import { projectVerdict } from "../judge/results";
import { STATE_PURPOSE_LABEL } from "../../shared/labels";

const BUCKET = "google_storage_bucket";

/**
 * Buckets that hold Terraform state: those a `terraform_remote_state` (gcs) reader in this environment names,
 * and those labelled purpose = terraform-state (the StateBucket construct's label). The model does not yet
 * carry each stack's `terraform.backend`, which would name the bucket directly.
 */
export function stateBuckets(scope: Scope): Resource[] {
  const named = new Set(
    scope.resources
      .filter(
        (r) => r.mode === "data" && r.type === "terraform_remote_state" && r.attributes.backend === "gcs",
      )
      .map((r) => get(r.attributes, "config.bucket")),
  );
  return scope
    .ofType(BUCKET)
    .filter(
      (bucket) =>
        named.has(bucket.attributes.name) ||
        get(bucket.attributes, `labels.${STATE_PURPOSE_LABEL.key}`) === STATE_PURPOSE_LABEL.value,
    );
}

/** Judges every state bucket; not applicable at project level where the environment declares none. */
export function judgeStateBuckets(scope: Scope, judge: (bucket: Resource) => Result): Result[] {
  const buckets = stateBuckets(scope);
  if (buckets.length === 0) {
    return [
      projectVerdict("not-applicable", `environment ${scope.environment} declares no Terraform state bucket`),
    ];
  }
  return buckets.map(judge);
}
