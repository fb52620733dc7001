import type { Construct } from "constructs";
import { LoggingProjectExclusion } from "@cdktf/provider-google/lib/logging-project-exclusion";
import { ALL_AUDIT_LOGS_FILTER, type AuditLogBucket } from "./audit-log-bucket";
import { RoutedLogBucket } from "./routed-log-bucket";

/** Every entry that is not a Cloud Audit Logs entry: the exact complement of the audit log sink's filter. */
export const NON_AUDIT_LOGS_FILTER = `NOT ${ALL_AUDIT_LOGS_FILTER}`;

/**
 * Every entry that is neither a Cloud Audit Logs entry nor one of the security logs the audit log bucket
 * keeps (`securityLogs`, a disjunction of exact log names): what the application bucket receives. Leaving
 * them out of the inclusion filter works as an exclusion would, so they are not kept twice.
 */
export function applicationLogsFilter(securityLogs: string): string {
  return `${NON_AUDIT_LOGS_FILTER} AND NOT (${securityLogs})`;
}

/** Every log entry: `logName` is a required field of each one, and `:*` tests that a field is present. */
export const ALL_LOGS_FILTER = "logName:*";

export interface ApplicationLogBucketProps {
  readonly project: string;
  /** Region of the bucket; the key must be in the same region. */
  readonly location: string;
  readonly bucketId: string;
  /** CMEK key (id) in `location`; the project's Cloud Logging service agent must be allowed to use it. */
  readonly kmsKey: string;
  /** Days application entries are kept before Cloud Logging purges them. */
  readonly retentionDays: number;
  /**
   * The project's audit trail. The `_Default` exclusion also stops `_Default` from keeping the Data Access
   * and Policy Denied audit logs, so they must have their own home before it takes effect.
   */
  readonly auditLogs: AuditLogBucket;
}

/**
 * Application logs in one place for a fixed time: a regional CMEK log bucket (not locked, so the retention
 * stays changeable) with a sink of every non-audit entry except the security logs the audit log bucket
 * keeps 400 days and more, and a project exclusion of every entry from the
 * `_Default` sink, so Google's `global` `_Default` bucket keeps no second copy. Project-level exclusions
 * apply to the `_Default` sink only, never to the user-defined sinks; the `_Required` sink cannot be
 * excluded and keeps Admin Activity and System Event audit logs 400 days in `global` (Google's).
 */
export class ApplicationLogBucket extends RoutedLogBucket {
  readonly defaultSinkExclusion: LoggingProjectExclusion;

  constructor(scope: Construct, id: string, props: ApplicationLogBucketProps) {
    super(scope, id, {
      ...props,
      locked: false,
      filter: applicationLogsFilter(props.auditLogs.securityLogsFilter),
      contents: "Application (non-audit) logs",
      sinkDescription:
        "Routes every entry that is neither a Cloud Audit Logs entry nor a security log kept in the audit " +
        "log bucket to the application log bucket",
    });
    this.defaultSinkExclusion = new LoggingProjectExclusion(this, "default-sink-exclusion", {
      project: props.project,
      name: "exclude-all-from-default-sink",
      description: `Nothing is stored in _Default: application logs go to ${props.bucketId}, audit logs to the audit log bucket`,
      filter: ALL_LOGS_FILTER,
      // No window in which excluded entries have nowhere to go.
      dependsOn: [this.sink, props.auditLogs.sink, props.auditLogs.securitySink],
    });
  }
}
