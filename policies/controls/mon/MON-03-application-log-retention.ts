import type { Control, Evidence, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { isSet } from "../../judge/presence";
import { literal } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { selectsAllApplicationLogs, selectsEveryLog } from "../../views/log-filters";
import { judgeRoutedSinks } from "../../judge/log-sinks";
import { SECURITY_LOGS, carvedOutLogIds, longTermBucketsFor } from "../../views/security-logs";

/** The published claim: application logs are kept 30 days, then purged. */
const APPLICATION_LOG_RETENTION_DAYS = 30;

/** The sink filter and the exclusion filter the remediation asks for. */
const NON_AUDIT_LOGS = 'NOT logName:"cloudaudit.googleapis.com"';
const EVERY_LOG = "logName:*";

export const MON03ApplicationLogRetention: Control = {
  id: "MON-03",
  title: "Application logs kept 30 days in a CMEK log bucket, then purged",
  claim:
    `Application (non-audit) logs are routed to a CMEK log bucket that keeps them ${APPLICATION_LOG_RETENTION_DAYS} ` +
    "days and then purges them, and the _Default bucket keeps no longer-lived second copy. Only security " +
    "logs kept 400 days or more elsewhere (MON-08) are left out of it.",
  severity: "medium",
  rationale:
    "Shorter retention loses the evidence an investigation needs; longer retention keeps personal data in " +
    "logs beyond the published period, and a second copy in _Default (global, Google-managed key) would " +
    "escape both the retention and the key. Declaring the buckets in code also stops silent changes.",
  remediation:
    `Add a google_logging_project_sink with filter ${NON_AUDIT_LOGS} (no exclusions; it may add ` +
    '`AND NOT (logName="projects/<project>/logs/<security log>" OR ...)` for security logs another sink keeps ' +
    "400 days or more) to a " +
    `google_logging_project_bucket_config with cmek_settings and retention_days = ${APPLICATION_LOG_RETENTION_DAYS}, ` +
    `and an enabled google_logging_project_exclusion with filter ${EVERY_LOG} (it applies to the _Default sink).`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The monitoring stack's ApplicationLogBucket: a regional log bucket with the logs key kept " +
    "applicationLogRetentionDays, a sink of every non-audit entry but the security logs the audit log bucket " +
    "keeps to it, and a project exclusion of every entry from the _Default sink.",
  evaluate: (scope) => [...judgeRouting(scope), ...judgeDefaultCopy(scope)],
};

function judgeRouting(scope: Scope): Result[] {
  return judgeRoutedSinks(
    scope,
    "application log",
    (filter) => selectsAllApplicationLogs(filter) || carvedOutLogIds(filter) !== undefined,
    `environment ${scope.environment} has no log sink routing application logs (${NON_AUDIT_LOGS}) to a log bucket`,
    (sink, bucket, found) => judgeBucket(scope, sink, bucket, found),
  );
}

function judgeBucket(scope: Scope, sink: Resource, bucket: Resource, sinkEvidence: Evidence[]): Result {
  const kmsKey = get(bucket.attributes, "cmek_settings.kms_key_name");
  const retention = literal(scope, bucket, bucket.attributes.retention_days);
  const found = [
    ...sinkEvidence,
    evidence(`${bucket.address}.cmek_settings.kms_key_name`, kmsKey),
    evidence(`${bucket.address}.retention_days`, bucket.attributes.retention_days),
  ];
  if (isUnknown(kmsKey) || isUnknown(retention)) {
    return verdict(
      "unknown",
      sink,
      `${bucket.address}: encryption or retention is known only after apply`,
      found,
    );
  }
  const carveOut = judgeCarveOut(scope, sink.attributes.filter);
  // Cloud Logging's own default is 30 days, so an unset retention_days keeps the claim.
  const days = retention ?? APPLICATION_LOG_RETENTION_DAYS;
  const problems = [
    ...(isSet(kmsKey) ? [] : ["no customer-managed key (cmek_settings.kms_key_name)"]),
    ...(days === APPLICATION_LOG_RETENTION_DAYS
      ? []
      : [`keeps logs ${days} days, not ${APPLICATION_LOG_RETENTION_DAYS}`]),
    ...carveOut.problems,
  ];
  if (problems.length > 0) {
    return verdict("fail", sink, `application log bucket ${bucket.address}: ${problems.join("; ")}`, found);
  }
  return verdict(
    "pass",
    sink,
    `application logs go to ${bucket.address}: CMEK, kept ${APPLICATION_LOG_RETENTION_DAYS} days, then purged` +
      carveOut.note,
    found,
  );
}

/**
 * The logs an application sink leaves out must be security logs that another sink keeps 400 days or more:
 * anything else left out is kept neither 30 days here nor anywhere (the _Default sink excludes every entry).
 */
function judgeCarveOut(scope: Scope, filter: unknown): { problems: string[]; note: string } {
  const carved = carvedOutLogIds(filter) ?? [];
  if (carved.length === 0) return { problems: [], note: "" };
  const security = new Set<string>(SECURITY_LOGS.map((log) => log.logId));
  const problems = carved.flatMap((logId) => {
    if (!security.has(logId)) return [`leaves out ${logId}, which is not a security log`];
    if (longTermBucketsFor(scope, logId).length === 0)
      return [`leaves out ${logId}, which no other sink keeps 400 days or more`];
    return [];
  });
  return {
    problems,
    note: `; leaves out the security logs kept 400 days or more elsewhere: ${carved.join(", ")}`,
  };
}

/**
 * Passes on an enabled project exclusion of every entry (project exclusions apply to the _Default sink), or
 * on a _Default bucket declared to keep entries at most the claimed days; otherwise one project-level fail
 * saying what was found instead.
 */
function judgeDefaultCopy(scope: Scope): Result[] {
  const exclusions = scope
    .ofType("google_logging_project_exclusion")
    .filter((e) => isUnknown(e.attributes.filter) || selectsEveryLog(e.attributes.filter));
  const defaultBuckets = scope
    .ofType("google_logging_project_bucket_config")
    .filter((b) => isUnknown(b.attributes.bucket_id) || b.attributes.bucket_id === "_Default");
  const verdicts = [
    ...exclusions.map((exclusion) => judgeExclusion(exclusion)),
    ...defaultBuckets.map((bucket) => judgeDefaultBucket(scope, bucket)),
  ];
  const proofs = verdicts.filter((v) => v.status !== "fail");
  if (proofs.length > 0) return proofs;
  return [
    projectVerdict(
      "fail",
      `environment ${scope.environment} lets the _Default sink keep a second copy of application logs: no enabled ` +
        `google_logging_project_exclusion with filter ${EVERY_LOG}, and no _Default bucket kept at most ` +
        `${APPLICATION_LOG_RETENTION_DAYS} days` +
        (verdicts.length > 0 ? `; found: ${verdicts.map((v) => v.message).join("; ")}` : ""),
      verdicts.flatMap((v) => v.evidence.map((e) => ({ ...e, path: `${v.resource?.address}.${e.path}` }))),
    ),
  ];
}

function judgeExclusion(exclusion: Resource): Result {
  const a = exclusion.attributes;
  const found = [evidence("filter", a.filter), evidence("disabled", a.disabled)];
  const disabled = truthy(a.disabled);
  if (isUnknown(a.filter) || isUnknown(disabled)) {
    return verdict("unknown", exclusion, "filter or disabled is known only after apply", found);
  }
  if (disabled) return verdict("fail", exclusion, "the exclusion of every entry is disabled", found);
  return verdict(
    "pass",
    exclusion,
    "excludes every entry from the _Default sink: _Default stores no copy",
    found,
  );
}

function judgeDefaultBucket(scope: Scope, bucket: Resource): Result {
  const retention = literal(scope, bucket, bucket.attributes.retention_days);
  const found = [
    evidence("bucket_id", bucket.attributes.bucket_id),
    evidence("retention_days", bucket.attributes.retention_days),
  ];
  if (isUnknown(retention) || isUnknown(bucket.attributes.bucket_id)) {
    return verdict("unknown", bucket, "bucket or retention is known only after apply", found);
  }
  const days = retention ?? APPLICATION_LOG_RETENTION_DAYS;
  if (typeof days === "number" && days <= APPLICATION_LOG_RETENTION_DAYS) {
    return verdict("pass", bucket, `_Default keeps its copy ${days} days, then purges it`, found);
  }
  return verdict("fail", bucket, `_Default keeps its copy ${String(days)} days`, found);
}
