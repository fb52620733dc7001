import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { isSet } from "../../judge/presence";
import { environmentTier } from "../../views/production";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { selectsAllAuditLogs } from "../../views/log-filters";
import { judgeRoutedSinks } from "../../judge/log-sinks";

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
      (sink, bucket, found) => judgeBucket(scope, sink, bucket, found),
    ),
};

function judgeBucket(
  scope: Scope,
  sink: Resource,
  bucket: Resource,
  sinkEvidence: Result["evidence"],
): Result {
  const kmsKey = get(bucket.attributes, "cmek_settings.kms_key_name");
  const retention = literal(scope, bucket, bucket.attributes.retention_days);
  const locked = truthy(bucket.attributes.locked);
  const found = [
    ...sinkEvidence,
    evidence(`${bucket.address}.cmek_settings.kms_key_name`, kmsKey),
    evidence(`${bucket.address}.retention_days`, bucket.attributes.retention_days),
    evidence(`${bucket.address}.locked`, bucket.attributes.locked),
  ];
  if ([kmsKey, retention, locked].some(isUnknown)) {
    return verdict(
      "unknown",
      sink,
      `${bucket.address}: encryption, retention or lock is known only after apply`,
      found,
    );
  }
  const tier = environmentTier(scope);
  const production = tier.production;
  const problems = [
    ...(isSet(kmsKey) ? [] : ["no customer-managed key (cmek_settings.kms_key_name)"]),
    ...(typeof retention === "number" && retention >= MIN_AUDIT_LOG_RETENTION_DAYS
      ? []
      : [`retention ${retention ?? "30 (default)"} days, below ${MIN_AUDIT_LOG_RETENTION_DAYS}`]),
    ...(production && !locked ? [`retention not locked in production environment ${scope.environment}`] : []),
  ];
  if (problems.length > 0)
    return verdict("fail", sink, `audit log bucket ${bucket.address}: ${problems.join("; ")}`, found);
  const lockNote = locked ? "locked" : `not locked (not required outside production: ${tier.because})`;
  return verdict(
    "pass",
    sink,
    `every audit log goes to ${bucket.address}: CMEK, ${retention} days, ${lockNote}`,
    found,
  );
}
