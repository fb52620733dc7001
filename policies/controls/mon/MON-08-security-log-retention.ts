import type { Control, Evidence, Result } from "../../control";
import type { Resource } from "../../model/types";
import { verdict } from "../../judge/results";
import { type LogBucketKeeping, judgeRoutedSinks, logBucketKeeping } from "../../judge/log-sinks";
import {
  MIN_SECURITY_LOG_RETENTION_DAYS,
  SECURITY_LOGS,
  type SecurityLog,
  selectsLog,
} from "../../views/security-logs";

export const MON08SecurityLogRetention: Control = {
  id: "MON-08",
  title: "Security logs kept at least 400 days in a locked CMEK log bucket",
  claim:
    "VPC flow, firewall, Cloud NAT, Cloud DNS query, load balancer and Cloud Armor, Cloud SQL connection and " +
    "Vault audit logs " +
    `are each routed to a CMEK log bucket that keeps them at least ${MIN_SECURITY_LOG_RETENTION_DAYS} days, ` +
    "locked in production, not only to the 30-day application bucket.",
  severity: "high",
  rationale:
    "These logs are the evidence of who reached what over the network, what the WAF blocked, who connected " +
    "to the database and what Vault served; intrusions are often found months later. Kept 30 days in an " +
    "unlocked bucket, they are gone, or can be erased, before an investigation starts.",
  remediation:
    "Add a google_logging_project_sink whose filter names each log exactly " +
    '(logName="projects/<project>/logs/compute.googleapis.com%2Fvpc_flows" OR ... ) to a ' +
    `google_logging_project_bucket_config with cmek_settings, retention_days >= ${MIN_SECURITY_LOG_RETENTION_DAYS} ` +
    "and locked = true in production (the audit log bucket serves), without exclusions.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "AuditLogBucket's second sink routes SECURITY_LOGS (exact log names of the project) to the audit log " +
    "bucket; ApplicationLogBucket's filter leaves the same logs out, so they are not kept twice.",
  evaluate: (scope) =>
    SECURITY_LOGS.flatMap((log) =>
      judgeRoutedSinks(
        scope,
        log.category,
        (filter) => selectsLog(filter, log.logId),
        `${log.category}: no log sink in environment ${scope.environment} routes ${log.logId} by name ` +
          `(logName="projects/<project>/logs/${log.logId}") to a log bucket`,
        (sink, bucket, found) =>
          judgeBucket(
            log,
            sink,
            bucket,
            logBucketKeeping(scope, bucket, MIN_SECURITY_LOG_RETENTION_DAYS),
            found,
          ),
      ).map((result) => ({ ...result, subject: log.category })),
    ),
};

function judgeBucket(
  log: SecurityLog,
  sink: Resource,
  bucket: Resource,
  keeping: LogBucketKeeping,
  sinkEvidence: Evidence[],
): Result {
  const found = [...sinkEvidence, ...keeping.found];
  if (keeping.unknown) {
    const message = `${log.category}: ${bucket.address}'s encryption, retention or lock is known only after apply`;
    return verdict("unknown", sink, message, found);
  }
  if (keeping.problems.length > 0)
    return verdict(
      "fail",
      sink,
      `${log.category} go to ${bucket.address}: ${keeping.problems.join("; ")}`,
      found,
    );
  return verdict(
    "pass",
    sink,
    `${log.category} (${log.logId}) go to ${bucket.address}: ${keeping.summary}`,
    found,
  );
}
