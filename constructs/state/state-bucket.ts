import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { SECONDS_PER_DAY } from "../../lib/duration";
import { STATE_PURPOSE_LABEL } from "../../shared/labels";
import { STORAGE_ANALYTICS_WRITER } from "../bak/geo-backup-bucket";
import { CmekKey } from "../enc/cmek-key";
import { KeyEncrypterGrant } from "../enc/key-encrypter-grant";
import { expectServiceAgent } from "../enc/service-agents";
import { AUDIT_LOG_TYPES } from "../mon/audit-log-config";

/** Days the state bucket's usage logs are kept: as long as the audit logs of every environment (400 days). */
const ACCESS_LOG_RETENTION_DAYS = 400;
/**
 * Data Access audit logs for every service of the state project: Cloud Storage records each read and write of a
 * state object, Cloud KMS each use of the state key that decrypts it. The state project holds nothing else.
 */
const AUDITED_SERVICES = "allServices";

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly name: string;
  /** Region of the bucket; the key ring must be in the same region. */
  readonly location: string;
  /** Key ring id (`projects/P/locations/L/keyRings/R`) for the bucket's own key. */
  readonly keyRing: string;
  /** Id of the project that owns the bucket: the bucket is created there, and its storage Data Access is audited. */
  readonly projectId: string;
  /** Number of the project that owns the bucket: its Cloud Storage service agent gets the key. */
  readonly projectNumber: string;
  readonly keyRotationDays?: number;
  readonly keyProtectionLevel?: "HSM" | "SOFTWARE";
  /** Lets `terraform destroy` delete the buckets. Off by default: losing state orphans every resource. */
  readonly allowDestroy?: boolean;
  /** Days usage logs are kept (default 400, never fewer). */
  readonly accessLogRetentionDays?: number;
  /** Lock the access log bucket's retention policy: irreversible, nobody can then shorten it. Off by default. */
  readonly lockAccessLogRetention?: boolean;
  /** What the audit config needs first (the Resource Manager API). */
  readonly after?: ITerraformDependable[];
}

/**
 * The Terraform state bucket. Guarantees: encrypted with its own customer-managed key (granted to this
 * project's Cloud Storage service agent only, before the bucket is created), object versioning so every
 * earlier state can be restored, uniform bucket-level access, public access prevention enforced, no forced
 * deletion of objects and Terraform's prevent_destroy. No retention policy: it cannot coexist with versioning.
 * Every access to the state is recorded twice: usage logs go to a separate access log bucket hardened the same
 * way (same key, uniform access, public access prevention, prevent_destroy) that keeps them 400 days under a
 * retention policy, and the project's Data Access audit logs for all services (admin reads, data reads, data
 * writes, no exemptions) name who read or wrote each state object and who used the key that decrypts it.
 */
export class StateBucket extends Construct {
  readonly bucket: StorageBucket;
  readonly key: KmsCryptoKey;
  readonly keyGrant: KeyEncrypterGrant;
  readonly accessLogBucket: StorageBucket;
  readonly auditConfig: ProjectIamAuditConfig;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const logDays = props.accessLogRetentionDays ?? ACCESS_LOG_RETENTION_DAYS;
    if (!Number.isInteger(logDays) || logDays < ACCESS_LOG_RETENTION_DAYS) {
      throw new Error(
        `StateBucket ${props.name}: accessLogRetentionDays must be an integer of at least ` +
          `${ACCESS_LOG_RETENTION_DAYS}, got ${logDays}`,
      );
    }
    // Reading the project's storage account creates the agent if it does not exist yet.
    const agent = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", {
      lifecycle: expectServiceAgent("email_address", "storage", props.projectNumber),
    });
    this.key = new CmekKey(this, "key", {
      keyRing: props.keyRing,
      name: "terraform-state",
      rotationDays: props.keyRotationDays,
      protectionLevel: props.keyProtectionLevel,
      labels: { [STATE_PURPOSE_LABEL.key]: STATE_PURPOSE_LABEL.value },
    }).key;
    this.keyGrant = new KeyEncrypterGrant(this, "key-grant", {
      cryptoKeyId: this.key.id,
      agent: "storage",
      projectNumber: props.projectNumber,
      after: [agent],
    });
    this.accessLogBucket = new StorageBucket(this, "access-logs", {
      name: `${props.name}-access-logs`,
      project: props.projectId,
      location: props.location,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      // A retention policy keeps each log for its period; Cloud Storage refuses it together with versioning.
      versioning: { enabled: false },
      retentionPolicy: {
        retentionPeriod: logDays * SECONDS_PER_DAY,
        isLocked: props.lockAccessLogRetention ?? false,
      },
      lifecycleRule: [{ action: { type: "Delete" }, condition: { age: logDays } }],
      encryption: { defaultKmsKeyName: this.key.id },
      labels: { purpose: "terraform-state-access-logs" },
      lifecycle: { preventDestroy: !props.allowDestroy },
      dependsOn: [this.keyGrant.member],
    });
    new StorageBucketIamMember(this, "access-log-writer", {
      bucket: this.accessLogBucket.name,
      role: "roles/storage.objectCreator",
      member: STORAGE_ANALYTICS_WRITER,
    });
    this.auditConfig = new ProjectIamAuditConfig(this, "data-access", {
      project: props.projectId,
      service: AUDITED_SERVICES,
      auditLogConfig: AUDIT_LOG_TYPES.map((logType) => ({ logType })),
      dependsOn: props.after,
    });
    this.bucket = new StorageBucket(this, "bucket", {
      name: props.name,
      project: props.projectId,
      location: props.location,
      storageClass: "STANDARD",
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      encryption: { defaultKmsKeyName: this.key.id },
      logging: { logBucket: this.accessLogBucket.name, logObjectPrefix: props.name },
      labels: { [STATE_PURPOSE_LABEL.key]: STATE_PURPOSE_LABEL.value },
      lifecycle: { preventDestroy: !props.allowDestroy },
      dependsOn: [this.keyGrant.member],
    });
  }
}
