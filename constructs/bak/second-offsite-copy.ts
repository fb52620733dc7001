import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { DataGoogleStorageTransferProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-transfer-project-service-account";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import type { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageTransferJob } from "@cdktf/provider-google/lib/storage-transfer-job";
import { KeyEncrypterGrant } from "../enc/key-encrypter-grant";
import { expectServiceAgent } from "../enc/service-agents";
import { LogMetricAlert } from "../mon/logging/log-metric-alert";
import { GeoBackupBucket } from "./geo-backup-bucket";
import { promqlLogMetric } from "./job-outcome-alerts";

/** The `purpose` label of a second offsite copy's bucket (the BAK controls find second copies by it). */
export const SECOND_COPY_PURPOSE = "backup-copy";

/** What Storage Transfer Service's agent may do on each bucket: read the source, add to the copy, delete nothing. */
export const TRANSFER_AGENT_ROLES = {
  /** storage.buckets.get, storage.objects.list; storage.objects.get. */
  source: ["roles/storage.legacyBucketReader", "roles/storage.objectViewer"],
  /** The same, to compare what is there (overwrite never), and storage.objects.create. */
  sink: ["roles/storage.legacyBucketReader", "roles/storage.objectViewer", "roles/storage.objectCreator"],
} as const;

/** `project-<number>@storage-transfer-service.iam.gserviceaccount.com`: the project's transfer agent. */
export function transferAgentEmail(projectNumber: string): string {
  return `project-${projectNumber}@storage-transfer-service.iam.gserviceaccount.com`;
}

/** The day the daily copy's schedule starts from (a fixed date: a plan must not depend on the clock). */
const SCHEDULE_START = { year: 2026, month: 1, day: 1 };

export interface SecondOffsiteCopyProps {
  readonly project: string;
  readonly projectNumber: string;
  /** `<prefix>` of the environment: names the transfer job and its metrics. */
  readonly prefix: string;
  /** The second bucket's name (its access log bucket is `<name>-access-logs`). */
  readonly name: string;
  /** The secondary region: where the second bucket, its access logs and its key live. */
  readonly location: string;
  /** Region of the data being backed up. */
  readonly primaryRegion: string;
  /** The first backup bucket, copied from, and its region. */
  readonly source: StorageBucket;
  readonly sourceRegion: string;
  /** CMEK key id in `location` (the kms stack's secondary backups key). */
  readonly kmsKey: string;
  readonly retentionDays: number;
  readonly lockRetention: boolean;
  readonly softDeleteDays: number;
  /** UTC time of day the daily copy starts. */
  readonly startTime: { readonly hours: number; readonly minutes: number };
  readonly notificationChannels: readonly string[];
  /** An alert fires when no copy has succeeded for this many days. */
  readonly overdueDays: number;
  readonly labels?: Record<string, string>;
}

/**
 * A second offsite copy of a backup bucket: a second bucket in a third region, hardened exactly like the first
 * (GeoBackupBucket: its own CMEK key in its region, uniform access, public access prevention, retention
 * policy locked where asked, soft delete, lifecycle deletion at the end of retention, access logs), and a daily
 * Storage Transfer Service job that copies the first bucket into it, create-only: it never overwrites an
 * object already there, never deletes in the copy, never deletes from the source, and gives every copied
 * object the second bucket's default key.
 *
 * Identities: the project's transfer agent may read the source (list, get) and add to the copy (list, get,
 * create): no delete anywhere. It needs no key grant: Cloud Storage decrypts and encrypts objects with its own
 * agent, which is granted the second bucket's key here. Alerts: any transfer action that fails (the job logs
 * FIND, COPY and DELETE failures to Cloud Logging as ERROR), and no successful transfer action for
 * `overdueDays`.
 */
export class SecondOffsiteCopy extends Construct {
  readonly bucket: GeoBackupBucket;
  readonly job: StorageTransferJob;
  readonly failed: LogMetricAlert;
  readonly overdue: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: SecondOffsiteCopyProps) {
    super(scope, id);
    const api = new ProjectService(this, "api", {
      project: props.project,
      service: "storagetransfer.googleapis.com",
      disableOnDestroy: false,
    });
    // Cloud Storage's agent encrypts the copies with the second bucket's key: it must be able to use it.
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", {
      project: props.project,
      lifecycle: expectServiceAgent("email_address", "storage", props.projectNumber),
    });
    const keyGrant = new KeyEncrypterGrant(this, "key-grant", {
      cryptoKeyId: props.kmsKey,
      agent: "storage",
      projectNumber: props.projectNumber,
      after: [storageAgent],
    });
    this.bucket = new GeoBackupBucket(this, "bucket", {
      name: props.name,
      location: props.location,
      primaryRegion: props.primaryRegion,
      awayFrom: [props.sourceRegion],
      purpose: SECOND_COPY_PURPOSE,
      kmsKey: props.kmsKey,
      retentionDays: props.retentionDays,
      lockRetention: props.lockRetention,
      softDeleteDays: props.softDeleteDays,
      labels: props.labels,
      after: [keyGrant.member],
    });

    // Reading this data source creates the agent; the grants name its derived address, visible before apply.
    const email = transferAgentEmail(props.projectNumber);
    const agent = new DataGoogleStorageTransferProjectServiceAccount(this, "transfer-agent", {
      project: props.project,
      dependsOn: [api],
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.email == "${email}"}`,
            errorMessage: `The Storage Transfer Service agent is not ${email}; grant the address Google reports instead.`,
          },
        ],
      },
    });
    const grants: ITerraformDependable[] = [];
    const grant = (bucket: StorageBucket, side: keyof typeof TRANSFER_AGENT_ROLES) => {
      for (const role of TRANSFER_AGENT_ROLES[side]) {
        grants.push(
          new StorageBucketIamMember(this, `transfer-${side}-${role.split(".").pop()}`, {
            bucket: bucket.name,
            role,
            member: `serviceAccount:${email}`,
            dependsOn: [agent],
          }),
        );
      }
    };
    grant(props.source, "source");
    grant(this.bucket.bucket, "sink");

    const jobId = `${props.prefix}-backups-second-copy`;
    this.job = new StorageTransferJob(this, "job", {
      project: props.project,
      name: `transferJobs/${jobId}`,
      description: `Daily second offsite copy of ${props.source.name} into ${props.location} (create-only)`,
      status: "ENABLED",
      transferSpec: {
        gcsDataSource: { bucketName: props.source.name },
        gcsDataSink: { bucketName: this.bucket.bucket.name },
        transferOptions: {
          overwriteWhen: "NEVER",
          overwriteObjectsAlreadyExistingInSink: false,
          deleteObjectsUniqueInSink: false,
          deleteObjectsFromSourceAfterTransfer: false,
          // Each copy takes the second bucket's default key (the source's key lives in another region), and
          // keeps the source object's creation time as its custom time.
          metadataOptions: {
            kmsKey: "KMS_KEY_DESTINATION_BUCKET_DEFAULT",
            timeCreated: "TIME_CREATED_PRESERVE_AS_CUSTOM_TIME",
          },
        },
      },
      schedule: {
        scheduleStartDate: SCHEDULE_START,
        startTimeOfDay: {
          hours: props.startTime.hours,
          minutes: props.startTime.minutes,
          seconds: 0,
          nanos: 0,
        },
        repeatInterval: "86400s",
      },
      loggingConfig: {
        logActions: ["FIND", "COPY", "DELETE"],
        logActionStates: ["SUCCEEDED", "FAILED"],
      },
      dependsOn: [api, ...grants, keyGrant.member],
    });

    // Transfer logs: log `storagetransfer.googleapis.com/transfer_activity` on the storage_transfer_job
    // resource; FAILED actions are logged as ERROR, SUCCEEDED as INFO.
    const ours =
      `(log_id("storagetransfer.googleapis.com/transfer_activity")) AND ` +
      `(resource.type="storage_transfer_job") AND (resource.labels.job_id:"${jobId}")`;
    const runbook =
      `The daily Storage Transfer Service job transferJobs/${jobId} copies ${props.source.name} into the ` +
      `second offsite bucket in ${props.location}. Check the job's latest operation (gcloud transfer operations ` +
      "list) and its transfer_activity log entries: the agent's grants on both buckets, the Cloud Storage " +
      "agent's grant on the second bucket's key, and whether the job was disabled.";
    this.failed = new LogMetricAlert(this, "failed", {
      project: props.project,
      notificationChannels: props.notificationChannels,
      spec: {
        name: `${props.prefix}-backup-second-copy-failed`,
        title: "Second offsite backup copy failed",
        severity: "ERROR",
        filter: `${ours} AND (severity>=ERROR)`,
        runbook,
      },
    });
    const succeededName = `${props.prefix}-backup-second-copy-succeeded`;
    const succeeded = new LoggingMetric(this, "succeeded", {
      project: props.project,
      name: succeededName,
      description: "Second offsite backup copy: successful transfer actions",
      filter: `${ours} AND (severity=INFO)`,
      metricDescriptor: {
        metricKind: "DELTA",
        valueType: "INT64",
        unit: "1",
        displayName: "Second offsite backup copy succeeded",
      },
    });
    const days = props.overdueDays;
    this.overdue = new MonitoringAlertPolicy(this, "overdue", {
      project: props.project,
      displayName: "Second offsite backup copy overdue",
      combiner: "OR",
      severity: "ERROR",
      notificationChannels: [...props.notificationChannels],
      documentation: {
        mimeType: "text/markdown",
        subject: `Second offsite backup copy: no successful transfer for ${days} days`,
        content: runbook,
      },
      dependsOn: [succeeded],
      conditions: [
        {
          displayName: `Second offsite backup copy: no success within ${days} days`,
          conditionPrometheusQueryLanguage: {
            query: `(sum(increase(${promqlLogMetric(succeededName)}[${days}d])) or vector(0)) < 1`,
            duration: "0s",
            evaluationInterval: "3600s",
            // The metric exists only once the first transfer has logged a success.
            disableMetricValidation: true,
          },
        },
      ],
    });
  }
}
