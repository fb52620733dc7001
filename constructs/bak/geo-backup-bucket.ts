import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { StorageBucket, type StorageBucketConfig } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { MIN_BACKUP_RETENTION_DAYS } from "../../config/sections/backups";
import { SECONDS_PER_DAY } from "../../lib/duration";
import { BACKUP_PURPOSE_LABEL } from "../../shared/labels";

const MIN_SOFT_DELETE_DAYS = 7;
const MAX_SOFT_DELETE_DAYS = 90;
/** Google's identity that writes Cloud Storage usage logs into the log bucket. */
export const STORAGE_ANALYTICS_WRITER = "group:cloud-storage-analytics@google.com";

export interface GeoBackupBucketProps {
  /** Globally unique name; the access log bucket is named `<name>-access-logs`. */
  readonly name: string;
  /** The backup region: where both buckets live. */
  readonly location: string;
  /** Region of the data being backed up; the bucket refuses to live there. */
  readonly primaryRegion: string;
  /** Further regions the bucket refuses, e.g. the first backup bucket's for a second offsite copy. */
  readonly awayFrom?: readonly string[];
  /** The bucket's `purpose` label (default `backups`, what the BAK controls find backup buckets by). */
  readonly purpose?: string;
  /** CMEK key id in `location`, already granted to the project's Cloud Storage service agent. */
  readonly kmsKey: string;
  /** Days each object is kept (retention policy) and after which it is deleted; 30 or more. */
  readonly retentionDays?: number;
  /** Lock the retention policy: irreversible, nobody can then shorten it or delete a young object. */
  readonly lockRetention: boolean;
  /** Days a deleted object stays restorable (7 to 90, default 7). */
  readonly softDeleteDays?: number;
  /** Days usage logs are kept (default 365, at least the backups' retention). */
  readonly accessLogRetentionDays?: number;
  readonly labels?: Record<string, string>;
  /** What must exist first, e.g. the service agent's grant on `kmsKey`. */
  readonly after?: ITerraformDependable[];
  /** Lets `terraform destroy` remove the buckets (it still cannot delete objects under retention). */
  readonly allowDestroy?: boolean;
}

/**
 * A backup bucket that guarantees: it lives in a region other than the data's, is encrypted with a
 * customer-managed key, has uniform bucket-level access and enforced public access prevention, keeps every
 * object for the retention period (a bucket retention policy, optionally locked) and deletes it right after,
 * keeps deleted objects restorable for the soft-delete window, and writes usage logs to a separate bucket
 * hardened the same way (same key, access, retention and lock). Object versioning stays off: Cloud Storage does not allow it together with a
 * retention policy, and the retention policy already forbids overwriting or deleting a young object.
 */
export class GeoBackupBucket extends Construct {
  readonly bucket: StorageBucket;
  readonly accessLogBucket: StorageBucket;

  constructor(scope: Construct, id: string, props: GeoBackupBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? MIN_BACKUP_RETENTION_DAYS;
    const softDeleteDays = props.softDeleteDays ?? MIN_SOFT_DELETE_DAYS;
    const fail = (message: string) => new Error(`GeoBackupBucket ${props.name}: ${message}`);
    if (props.location.toLowerCase() === props.primaryRegion.toLowerCase()) {
      throw fail(
        `location must be a region other than the primary region ${props.primaryRegion}, got ${props.location}`,
      );
    }
    const shared = (props.awayFrom ?? []).find((r) => r.toLowerCase() === props.location.toLowerCase());
    if (shared !== undefined)
      throw fail(`location must be a region other than ${shared}, got ${props.location}`);
    if (!Number.isInteger(retentionDays) || retentionDays < MIN_BACKUP_RETENTION_DAYS) {
      throw fail(
        `retentionDays must be an integer of at least ${MIN_BACKUP_RETENTION_DAYS}, got ${retentionDays}`,
      );
    }
    if (softDeleteDays < MIN_SOFT_DELETE_DAYS || softDeleteDays > MAX_SOFT_DELETE_DAYS) {
      throw fail(
        `softDeleteDays must be from ${MIN_SOFT_DELETE_DAYS} to ${MAX_SOFT_DELETE_DAYS}, got ${softDeleteDays}`,
      );
    }
    const hardened = {
      location: props.location,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      versioning: { enabled: false },
      encryption: { defaultKmsKeyName: props.kmsKey },
      softDeletePolicy: { retentionDurationSeconds: softDeleteDays * SECONDS_PER_DAY },
      lifecycle: { preventDestroy: !props.allowDestroy },
      // Backups and the record of who touched them are equally tamper-proof for the retention period.
      retentionPolicy: { retentionPeriod: retentionDays * SECONDS_PER_DAY, isLocked: props.lockRetention },
      dependsOn: props.after,
    } satisfies Partial<StorageBucketConfig>;

    this.accessLogBucket = new StorageBucket(this, "access-logs", {
      ...hardened,
      name: `${props.name}-access-logs`,
      labels: { ...props.labels, purpose: "backup-access-logs" },
      lifecycleRule: [deleteAfter(Math.max(props.accessLogRetentionDays ?? 365, retentionDays))],
    });
    new StorageBucketIamMember(this, "access-log-writer", {
      bucket: this.accessLogBucket.name,
      role: "roles/storage.objectCreator",
      member: STORAGE_ANALYTICS_WRITER,
    });
    this.bucket = new StorageBucket(this, "bucket", {
      ...hardened,
      name: props.name,
      labels: { ...props.labels, [BACKUP_PURPOSE_LABEL.key]: props.purpose ?? BACKUP_PURPOSE_LABEL.value },
      lifecycleRule: [deleteAfter(retentionDays)],
      logging: { logBucket: this.accessLogBucket.name, logObjectPrefix: props.name },
    });
  }
}

function deleteAfter(days: number) {
  return { action: { type: "Delete" }, condition: { age: days } };
}
