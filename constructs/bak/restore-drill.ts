import { Construct } from "constructs";
import { BACKUP_PURPOSE_LABEL } from "../../shared/labels";
import { WorkloadServiceAccount } from "../iam/workload-service-account";
import { BucketPrefixAccess } from "./bucket-prefix-access";
import { JobOutcomeAlerts } from "./job-outcome-alerts";
import { ScheduledJob } from "./scheduled-job";
import { backupScript, terraformLiteral } from "./scripts";

/** The label value that marks a restore drill's Cloud Run job (key `purpose`, as on backup buckets). */
export const RESTORE_DRILL_PURPOSE = "restore-drill";
/** Where the backup bucket is mounted in the drill's container. */
export const BACKUP_MOUNT = "/backups";

export interface RestoreDrillProps {
  readonly project: string;
  /** Job and scheduler name, e.g. acme-prod-pg-restore-drill. */
  readonly name: string;
  /** The backup region: the drill proves the copy there can be restored. */
  readonly region: string;
  /** Five-field cron, UTC. */
  readonly schedule: string;
  /** PostgreSQL server image (bash, runuser, initdb, pg_ctl, psql, pg_restore). */
  readonly image: string;
  /** The backup bucket's name. */
  readonly bucket: string;
  /** The exports' prefix in the bucket, ending with `/` (`sql/<instance>/`). */
  readonly prefix: string;
  /** The Cloud SQL instance whose exports are drilled (a reference to its name). */
  readonly instanceName: string;
  /** `schema.table` that must hold at least `minRows` rows once restored. */
  readonly checkTable: string;
  readonly minRows: number;
  /** The newest export must be at most this old (hours); older means the export job stopped. */
  readonly maxExportAgeHours?: number;
  /** An alert fires when no drill has succeeded for this many days. */
  readonly maxDaysWithoutSuccess: number;
  readonly notificationChannels: readonly string[];
  readonly labels?: Record<string, string>;
}

/**
 * A scheduled restore drill (scripts/backups/sql-restore-drill.sh) in the backup region: it mounts the backup
 * bucket read-only, restores the newest export of the instance into a throwaway PostgreSQL inside the job's
 * container, counts the rows of a known table, deletes everything and logs one JSON result line. Guarantees:
 * the drill can read its prefix and nothing else of the bucket but object names, cannot write anywhere, and its
 * failure, or the lack of a success for `maxDaysWithoutSuccess` days, raises an alert.
 */
export class RestoreDrill extends Construct {
  readonly runner: WorkloadServiceAccount;
  readonly job: ScheduledJob;
  readonly alerts: JobOutcomeAlerts;

  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(props.checkTable)) {
      throw new Error(
        `RestoreDrill ${props.name}: checkTable must be schema.table, got "${props.checkTable}"`,
      );
    }
    if (!Number.isInteger(props.minRows) || props.minRows < 1) {
      throw new Error(`RestoreDrill ${props.name}: minRows must be a whole number of at least 1`);
    }
    this.runner = new WorkloadServiceAccount(this, "runner", {
      project: props.project,
      accountId: "pg-restore-drill",
      description: `Restores the newest export of ${props.instanceName} in a throwaway server (reads ${props.prefix})`,
    });
    new BucketPrefixAccess(this, "reads", {
      bucket: props.bucket,
      member: this.runner.member,
      prefix: props.prefix,
      access: "read",
    });
    this.job = new ScheduledJob(this, "job", {
      project: props.project,
      name: props.name,
      region: props.region,
      schedule: props.schedule,
      description: `Restore drill of ${props.instanceName}'s newest export`,
      image: props.image,
      script: {
        text: terraformLiteral(backupScript("sql-restore-drill.sh")),
        name: "sql-restore-drill",
        args: [
          "--ephemeral-server",
          "--source",
          `${BACKUP_MOUNT}/${props.prefix}`,
          "--table",
          props.checkTable,
          "--min-rows",
          String(props.minRows),
          "--max-age-hours",
          String(props.maxExportAgeHours ?? 48),
        ],
      },
      env: { SOURCE_INSTANCE: props.instanceName },
      serviceAccountEmail: this.runner.email,
      invokerAccountId: "pg-restore-drill-invoker",
      bucketMount: { bucket: props.bucket, path: BACKUP_MOUNT, readOnly: true },
      timeoutSeconds: 3 * 3600,
      // The throwaway server lives in the container's in-memory file system.
      cpu: "2",
      memory: "4Gi",
      labels: { ...props.labels, [BACKUP_PURPOSE_LABEL.key]: RESTORE_DRILL_PURPOSE },
    });
    this.alerts = new JobOutcomeAlerts(this, "alerts", {
      project: props.project,
      // The literal name, not a reference: the alerts' log filters stay readable to the checker (MON-07).
      jobName: props.name,
      payload: { key: "drill", value: "sql-restore" },
      metricStem: "restore-drill",
      what: "Restore drill",
      overdueDays: props.maxDaysWithoutSuccess,
      notificationChannels: props.notificationChannels,
      runbook:
        `The restore drill of ${props.instanceName} (Cloud Run job ${props.name}, ${props.region}) failed or has ` +
        `not succeeded for ${props.maxDaysWithoutSuccess} days. Read its last execution's log (jsonPayload.reason ` +
        "and detail say why), fix the cause, then run it by hand: `gcloud run jobs execute " +
        `${props.name} --region=${props.region} --wait\`. Until a drill succeeds, the backups are unproven.`,
    });
  }
}
