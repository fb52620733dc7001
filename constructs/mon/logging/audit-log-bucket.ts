import type { Construct } from "constructs";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { MIN_AUDIT_LOG_RETENTION_DAYS } from "../../../config/sections/monitoring";
import { RoutedLogBucket } from "./routed-log-bucket";
import { SECURITY_LOGS, type SecurityLog, securityLogsFilter } from "./security-logs";

/** Every Cloud Audit Logs stream: admin activity, data access, system events and policy denials. */
export const ALL_AUDIT_LOGS_FILTER = 'logName:"cloudaudit.googleapis.com"';

export interface AuditLogBucketProps {
  readonly project: string;
  /** Region of the bucket; the key must be in the same region. */
  readonly location: string;
  readonly bucketId: string;
  /** CMEK key (id) in `location`; the project's Cloud Logging service agent must be allowed to use it. */
  readonly kmsKey: string;
  /** Days audit entries are kept; 400 or more. */
  readonly retentionDays?: number;
  /**
   * Locks the retention (irreversible: entries cannot be deleted early and retention cannot shrink). On by
   * default; an environment that must stay changeable (staging) opts out explicitly.
   */
  readonly locked?: boolean;
  /**
   * Security logs that are not Cloud Audit Logs (flow, firewall, NAT, load balancer and Cloud Armor, Cloud SQL
   * connection and Vault audit logs) kept here too, by a second sink. All of SECURITY_LOGS by default.
   */
  readonly securityLogs?: readonly SecurityLog[];
}

/**
 * Immutable audit trail: a CMEK-encrypted regional log bucket with at least 400 days' retention (locked
 * unless opted out), a sink routing every audit log of the project to it, and a second sink routing the
 * project's security logs (named one by one) to it.
 */
export class AuditLogBucket extends RoutedLogBucket {
  /** The sink of the security logs that are not Cloud Audit Logs. */
  readonly securitySink: LoggingProjectSink;
  /** The query selecting exactly those security logs; the application log route leaves them out. */
  readonly securityLogsFilter: string;

  constructor(scope: Construct, id: string, props: AuditLogBucketProps) {
    const retentionDays = props.retentionDays ?? MIN_AUDIT_LOG_RETENTION_DAYS;
    if (retentionDays < MIN_AUDIT_LOG_RETENTION_DAYS) {
      throw new Error(
        `AuditLogBucket ${props.bucketId}: retentionDays must be at least ${MIN_AUDIT_LOG_RETENTION_DAYS}, got ${retentionDays}`,
      );
    }
    super(scope, id, {
      ...props,
      retentionDays,
      locked: props.locked ?? true,
      filter: ALL_AUDIT_LOGS_FILTER,
      contents: "Audit logs",
      sinkDescription: "Routes every Cloud Audit Logs entry to the locked audit log bucket",
    });
    const logs = props.securityLogs ?? SECURITY_LOGS;
    this.securityLogsFilter = securityLogsFilter(props.project, logs);
    this.securitySink = new LoggingProjectSink(this, "security-sink", {
      project: props.project,
      name: `${props.bucketId}-security-sink`,
      description: `Routes security logs to the locked audit log bucket: ${logs.map((l) => l.category).join(", ")}`,
      destination: `logging.googleapis.com/${this.bucket.id}`,
      filter: this.securityLogsFilter,
      uniqueWriterIdentity: true,
    });
  }
}
