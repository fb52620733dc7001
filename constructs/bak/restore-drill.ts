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

/**
 * The drill's Vault part: the newest raft snapshot the snapshot job wrote, checked without a Vault server and
 * without an unseal key (scripts/backups/sql-restore-drill.sh --vault-source). A full restore needs the cluster's
 * Cloud KMS unseal key, which a scheduled job must not hold (it would read every secret); that restore is proven
 * in CI on a real Vault instead (test/runtime/backups/vault-snapshot.test.ts).
 */
export interface RestoreDrillVaultPart {
  /** The snapshot job's prefix in the backup bucket, ending with `/` (`vault/`). */
  readonly prefix: string;
  /** The snapshot job's schedule (five-field cron, UTC): the newest snapshot may be one period old, plus slack. */
  readonly snapshotSchedule: string;
  /** Hours added to the schedule's longest gap (default 6). */
  readonly slackHours?: number;
  /** The Vault CLI in the drill's image (default `vault` on PATH): the image must carry the Vault release. */
  readonly vaultBinary?: string;
}

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
  /** Also check the newest Vault raft snapshot (read-only on its prefix too); its result joins the line. */
  readonly vault?: RestoreDrillVaultPart;
  readonly labels?: Record<string, string>;
}

/**
 * The longest gap, in hours, between two runs of a five-field cron schedule whose day-of-month, month and
 * day-of-week are `*` (a fixed minute; hours `*`, `*\/N`, `H` or `H1,H2,...`). Other forms are refused: the
 * drill's age limit must follow from the schedule, not be guessed.
 */
export function cronLongestGapHours(schedule: string): number {
  const fields = schedule.trim().split(/\s+/);
  const refuse = () =>
    new Error(
      `cannot tell the longest gap of "${schedule}": expected "M H * * *" with a fixed minute and hours *, */N, ` +
        "H or H1,H2,...",
    );
  if (fields.length !== 5 || !/^\d{1,2}$/.test(fields[0]) || fields.slice(2).some((f) => f !== "*"))
    throw refuse();
  const hour = fields[1];
  if (hour === "*") return 1;
  const step = /^\*\/(\d{1,2})$/.exec(hour);
  if (step) {
    const n = Number(step[1]);
    if (n < 1 || n > 23) throw refuse();
    // */N runs at 0, N, 2N, ... and again at midnight: the last gap of the day may be longer.
    return Math.max(n, 24 - Math.floor(23 / n) * n);
  }
  if (!/^\d{1,2}(,\d{1,2})*$/.test(hour)) throw refuse();
  const hours = [...new Set(hour.split(",").map(Number))].sort((a, b) => a - b);
  if (hours.some((h) => h > 23)) throw refuse();
  return Math.max(...hours.map((h, i) => (i + 1 < hours.length ? hours[i + 1] - h : 24 - h + hours[0])));
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
    const vaultArgs: string[] = [];
    if (props.vault) {
      const slack = props.vault.slackHours ?? 6;
      if (!Number.isInteger(slack) || slack < 0)
        throw new Error(`RestoreDrill ${props.name}: vault.slackHours must be a whole number of hours`);
      // Read-only on the snapshots too: they hold Vault's data encrypted by its barrier key, which only the
      // unseal key (never given to the drill) opens.
      new BucketPrefixAccess(this, "reads-vault", {
        bucket: props.bucket,
        member: this.runner.member,
        prefix: props.vault.prefix,
        access: "read",
      });
      vaultArgs.push(
        "--vault-source",
        `${BACKUP_MOUNT}/${props.vault.prefix}`,
        "--vault-max-age-hours",
        String(cronLongestGapHours(props.vault.snapshotSchedule) + slack),
        ...(props.vault.vaultBinary ? ["--vault-bin", props.vault.vaultBinary] : []),
      );
    }
    this.job = new ScheduledJob(this, "job", {
      project: props.project,
      name: props.name,
      region: props.region,
      schedule: props.schedule,
      description: props.vault
        ? `Restore drill of ${props.instanceName}'s newest export, and a check of the newest Vault raft snapshot`
        : `Restore drill of ${props.instanceName}'s newest export`,
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
          ...vaultArgs,
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
