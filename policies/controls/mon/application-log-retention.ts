import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { literal } from "../shared/resolve";
import { evidence, projectVerdict, verdict } from "../shared/results";

/** The published claim: application logs are kept 30 days, then purged. */
export const APPLICATION_LOG_RETENTION_DAYS = 30;

export const applicationLogRetention: Control = {
  id: "MON-03",
  title: "Application logs kept 30 days, then purged",
  claim: `Application logs (the _Default log bucket) are retained ${APPLICATION_LOG_RETENTION_DAYS} days and then purged.`,
  severity: "medium",
  rationale:
    "Shorter retention loses the evidence an investigation needs; longer retention keeps personal data in " +
    "logs beyond the published period. Managing the bucket in code also stops silent out-of-band changes.",
  remediation: `Declare google_logging_project_bucket_config for bucket_id "_Default" with retention_days = ${APPLICATION_LOG_RETENTION_DAYS}.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The monitoring stack adopts the _Default bucket and sets its retention from applicationLogRetentionDays.",
  evaluate: (scope) => {
    const buckets = scope
      .ofType("google_logging_project_bucket_config")
      .filter((b) => isUnknown(b.attributes.bucket_id) || b.attributes.bucket_id === "_Default");
    if (buckets.length === 0) {
      return [
        projectVerdict(
          "fail",
          `environment ${scope.environment} does not manage the _Default log bucket: its retention is not proven ${APPLICATION_LOG_RETENTION_DAYS} days`,
        ),
      ];
    }
    return buckets.map((bucket) => {
      const retention = literal(scope, bucket, bucket.attributes.retention_days);
      const found = [
        evidence("bucket_id", bucket.attributes.bucket_id),
        evidence("retention_days", bucket.attributes.retention_days),
      ];
      if (isUnknown(retention) || isUnknown(bucket.attributes.bucket_id)) {
        return verdict("unknown", bucket, "bucket or retention is known only after apply", found);
      }
      // Cloud Logging's own default is 30 days, so an unset retention_days keeps the claim.
      const days = retention ?? APPLICATION_LOG_RETENTION_DAYS;
      if (days !== APPLICATION_LOG_RETENTION_DAYS) {
        return verdict(
          "fail",
          bucket,
          `_Default keeps logs ${days} days, not ${APPLICATION_LOG_RETENTION_DAYS}`,
          found,
        );
      }
      return verdict(
        "pass",
        bucket,
        `_Default keeps logs ${APPLICATION_LOG_RETENTION_DAYS} days, then purges them`,
        found,
      );
    });
  },
};
