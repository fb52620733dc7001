import type { Control, Evidence, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { isSet } from "../../judge/presence";
import { literal } from "../../model/resolve";
import { environmentTier } from "../../views/production";
import { evidence, verdict } from "../../judge/results";
import { judgeRoutedSinks } from "../../judge/log-sinks";
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
    "VPC flow, firewall, Cloud NAT, load balancer and Cloud Armor, Cloud SQL connection and Vault audit logs " +
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
        (sink, bucket, found) => judgeBucket(scope, log, sink, bucket, found),
      ).map((result) => ({ ...result, subject: log.category })),
    ),
};

function judgeBucket(
  scope: Scope,
  log: SecurityLog,
  sink: Resource,
  bucket: Resource,
  sinkEvidence: Evidence[],
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
    const message = `${log.category}: ${bucket.address}'s encryption, retention or lock is known only after apply`;
    return verdict("unknown", sink, message, found);
  }
  const tier = environmentTier(scope);
  const problems = [
    ...(isSet(kmsKey) ? [] : ["no customer-managed key (cmek_settings.kms_key_name)"]),
    ...(typeof retention === "number" && retention >= MIN_SECURITY_LOG_RETENTION_DAYS
      ? []
      : [`retention ${retention ?? "30 (default)"} days, below ${MIN_SECURITY_LOG_RETENTION_DAYS}`]),
    ...(tier.production && !locked
      ? [`retention not locked in production environment ${scope.environment}`]
      : []),
  ];
  if (problems.length > 0) {
    return verdict("fail", sink, `${log.category} go to ${bucket.address}: ${problems.join("; ")}`, found);
  }
  const lockNote = locked ? "locked" : `not locked (not required outside production: ${tier.because})`;
  return verdict(
    "pass",
    sink,
    `${log.category} (${log.logId}) go to ${bucket.address}: CMEK, ${retention} days, ${lockNote}`,
    found,
  );
}
