import type { Control, Evidence, Result } from "../../control";
import type { Resource } from "../../model/types";
import { verdict } from "../../judge/results";
import { selectsAllAuditLogs } from "../../views/log-filters";
import { type LogBucketKeeping, judgeRoutedSinks, logBucketKeeping } from "../../judge/log-sinks";

/** What this control requires, stated here rather than taken from the builder: ~13 months, CIS 2.x practice. */
const MIN_AUDIT_LOG_RETENTION_DAYS = 400;

export const MON02AuditLogBucket: Control = {
  id: "MON-02",
  title: "Audit logs routed to a locked CMEK log bucket",
  claim:
    "Immutable audit logs: every audit log entry is routed to a CMEK-encrypted log bucket that keeps it at " +
    `least ${MIN_AUDIT_LOG_RETENTION_DAYS} days, with the retention locked in production.`,
  severity: "high",
  rationale:
    "An attacker with project access can shorten retention or delete log buckets to erase their tracks; a " +
    "locked bucket cannot be emptied early or deleted, and CMEK lets the organisation cut off access to it.",
  remediation:
    'Add a google_logging_project_sink with filter logName:"cloudaudit.googleapis.com" (and no exclusions) to ' +
    `a google_logging_project_bucket_config with cmek_settings, retention_days >= ${MIN_AUDIT_LOG_RETENTION_DAYS} ` +
    "and locked = true (required in production: resources labelled environment-tier = production).",
  references: { cis: ["2.2", "2.3"], checkov: [], trivy: [] },
  implementation:
    "The monitoring stack's AuditLogBucket: a regional log bucket with the logs key, 400 days' retention, " +
    "locked in prod, and a sink of every audit log to it.",
  evaluate: (scope) =>
    judgeRoutedSinks(
      scope,
      "audit log",
      selectsAllAuditLogs,
      `environment ${scope.environment} has no log sink routing every audit log (logName:"cloudaudit.googleapis.com")`,
      (sink, bucket, found) =>
        judgeBucket(sink, bucket, logBucketKeeping(scope, bucket, MIN_AUDIT_LOG_RETENTION_DAYS), found),
    ),
};

function judgeBucket(
  sink: Resource,
  bucket: Resource,
  keeping: LogBucketKeeping,
  sinkEvidence: Evidence[],
): Result {
  const found = [...sinkEvidence, ...keeping.found];
  if (keeping.unknown)
    return verdict(
      "unknown",
      sink,
      `${bucket.address}: encryption, retention or lock is known only after apply`,
      found,
    );
  if (keeping.problems.length > 0)
    return verdict("fail", sink, `audit log bucket ${bucket.address}: ${keeping.problems.join("; ")}`, found);
  return verdict("pass", sink, `every audit log goes to ${bucket.address}: ${keeping.summary}`, found);
}
