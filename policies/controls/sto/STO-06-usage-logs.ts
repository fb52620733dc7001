import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { designationIndex } from "../../model/resolve";
import { isSet } from "../../judge/presence";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { targetsOf } from "../../views/load-balancer-targets";

const BUCKET = "google_storage_bucket";

export const STO06UsageLogs: Control = {
  id: "STO-06",
  title: "Every bucket writes usage logs to another bucket",
  claim:
    "Every request to a bucket (reads, writes, denied and anonymous ones) is recorded in usage logs kept in a " +
    "separate bucket.",
  severity: "medium",
  rationale:
    "Usage logs record each request with its requester, source address and result, also the anonymous and " +
    "denied ones Data Access audit logs do not show in full; a bucket logging to itself lets whoever can " +
    "delete its objects erase the record. A bucket that receives another bucket's usage logs is not asked to " +
    "log its own access (that would need yet another bucket, and so on): checkov's CKV_GCP_62 and trivy's " +
    "AVD-GCP-0077 fail it, this control reports it not applicable.",
  remediation:
    "Set logging { log_bucket = <a separate access log bucket> } on the bucket; give the log bucket its own " +
    "retention policy and grant roles/storage.objectCreator to group:cloud-storage-analytics@google.com on it.",
  references: { cis: [], checkov: ["CKV_GCP_62", "CKV_GCP_63"], trivy: ["AVD-GCP-0077"] },
  implementation:
    "GeoBackupBucket and StateBucket write usage logs to their own access log buckets; the baseline declares " +
    "no other bucket.",
  evaluate: (scope) => {
    const buckets = scope.ofType(BUCKET);
    const bucketOf = targetsOf(scope, [BUCKET]);
    // The buckets some bucket writes its usage logs to: log targets.
    const logTargets = designationIndex(scope, buckets, (b) => [
      { from: b, value: get(b.attributes, "logging.log_bucket") },
    ]);
    return judgeEach(scope, [BUCKET], (bucket) => {
      const value = get(bucket.attributes, "logging.log_bucket");
      const found = [evidence("logging.log_bucket", value)];
      if (!isSet(value)) {
        const sources = logTargets.designating(bucket).filter((source) => source.id !== bucket.id);
        return sources.length > 0
          ? verdict(
              "not-applicable",
              bucket,
              `receives the usage logs of ${sources.map((s) => s.address).join(", ")}`,
              found,
            )
          : verdict("fail", bucket, "no usage logs (logging.log_bucket is not set)", found);
      }
      if (isUnknown(value))
        return verdict("unknown", bucket, "logging.log_bucket is known only after apply", found);
      const target = bucketOf(bucket, value);
      if (target !== undefined && !isUnknown(target) && target.id === bucket.id)
        return verdict("fail", bucket, "logs to itself: deleting its objects erases the record", found);
      if (target === undefined || isUnknown(target)) {
        if (typeof value === "string" && value.includes("${"))
          return verdict("unknown", bucket, `logging.log_bucket ${value} cannot be resolved`, found);
        return verdict("pass", bucket, `usage logs to bucket ${String(value)}`, found);
      }
      return verdict("pass", bucket, `usage logs to ${target.address}`, found);
    });
  },
};
