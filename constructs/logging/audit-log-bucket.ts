import { Construct } from "constructs";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { MIN_AUDIT_LOG_RETENTION_DAYS } from "../../config/sections/monitoring";

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
}

/**
 * Immutable audit trail: a CMEK-encrypted regional log bucket with at least 400 days' retention (locked
 * unless opted out), and a sink routing every audit log of the project to it. The sink writes to a log
 * bucket of its own project, so Cloud Logging needs no writer-identity grant (the sink has no writer
 * identity in that case).
 */
export class AuditLogBucket extends Construct {
  readonly bucket: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;

  constructor(scope: Construct, id: string, props: AuditLogBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? MIN_AUDIT_LOG_RETENTION_DAYS;
    if (retentionDays < MIN_AUDIT_LOG_RETENTION_DAYS) {
      throw new Error(
        `AuditLogBucket ${props.bucketId}: retentionDays must be at least ${MIN_AUDIT_LOG_RETENTION_DAYS}, got ${retentionDays}`,
      );
    }
    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: props.project,
      location: props.location,
      bucketId: props.bucketId,
      description: `Audit logs of ${props.project}, kept ${retentionDays} days`,
      retentionDays,
      locked: props.locked ?? true,
      cmekSettings: { kmsKeyName: props.kmsKey },
    });
    this.sink = new LoggingProjectSink(this, "sink", {
      project: props.project,
      name: `${props.bucketId}-sink`,
      description: "Routes every Cloud Audit Logs entry to the locked audit log bucket",
      destination: `logging.googleapis.com/${this.bucket.id}`,
      filter: ALL_AUDIT_LOGS_FILTER,
      uniqueWriterIdentity: true,
    });
  }
}
