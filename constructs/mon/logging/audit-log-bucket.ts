import type { Construct } from "constructs";
import { MIN_AUDIT_LOG_RETENTION_DAYS } from "../../../config/sections/monitoring";
import { RoutedLogBucket } from "./routed-log-bucket";

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
 * unless opted out), and a sink routing every audit log of the project to it.
 */
export class AuditLogBucket extends RoutedLogBucket {
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
  }
}
