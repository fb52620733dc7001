import { Construct } from "constructs";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { WorkloadServiceAccount } from "../iam/workload-service-account";
import { BucketPrefixAccess } from "./bucket-prefix-access";
import { JobOutcomeAlerts } from "./job-outcome-alerts";
import { ScheduledJob } from "./scheduled-job";
import { backupScript, terraformLiteral } from "./scripts";

/** What starting an export takes, and nothing more (Cloud SQL: "Export data from Cloud SQL"). */
export const SQL_EXPORT_PERMISSIONS = ["cloudsql.instances.get", "cloudsql.instances.export"] as const;

export interface ScheduledSqlExportProps {
  readonly project: string;
  /** Cloud SQL instance name (a reference to the instance's name). */
  readonly instanceName: string;
  /** The instance's own service account (`service_account_email_address`): Cloud SQL writes the file as it. */
  readonly instanceServiceAccount: string;
  readonly database: string;
  /** The backup bucket's name. */
  readonly bucket: string;
  /** Where the job runs: the instance's region. */
  readonly region: string;
  /** Five-field cron, UTC. */
  readonly schedule: string;
  /** Google Cloud CLI container image. */
  readonly image: string;
  /** Job and scheduler name, e.g. acme-prod-pg-export. */
  readonly name: string;
  /** Id of the custom role holding SQL_EXPORT_PERMISSIONS (project-wide ids: camelCase). */
  readonly roleId?: string;
  /** Where the export's failure and overdue alerts go. */
  readonly notificationChannels: readonly string[];
  readonly labels?: Record<string, string>;
}

/**
 * A scheduled logical export of one Cloud SQL database into the backup bucket: `sql/<instance>/<UTC time>.sql.gz`,
 * encrypted with the bucket's key (in the backup region) and kept under its retention policy (locked in
 * production). Guarantees least privilege on each step: the job's account may only get and export this one
 * instance (a custom role bound with an IAM condition on the instance's name); the instance's own account, which
 * writes the file, may only create objects under its prefix; the scheduler's account may only start this job.
 * Each export has a new name: a retention policy refuses to replace a young object. An alert fires when an
 * export fails, and when none has succeeded for two days.
 */
export class ScheduledSqlExport extends Construct {
  readonly runner: WorkloadServiceAccount;
  readonly job: ScheduledJob;
  readonly alerts: JobOutcomeAlerts;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: ScheduledSqlExportProps) {
    super(scope, id);
    this.prefix = `sql/${props.instanceName}/`;
    this.runner = new WorkloadServiceAccount(this, "runner", {
      project: props.project,
      accountId: "pg-export",
      description: `Starts exports of ${props.instanceName} to the backup bucket (get and export that instance only)`,
    });
    const role = new ProjectIamCustomRole(this, "role", {
      project: props.project,
      roleId: props.roleId ?? "backupSqlExport",
      title: "Export a Cloud SQL instance (backups)",
      description: "Start and follow a Cloud SQL export; nothing else",
      permissions: [...SQL_EXPORT_PERMISSIONS],
    });
    new ProjectIamMember(this, "export-grant", {
      project: props.project,
      role: role.name,
      member: this.runner.member,
      condition: {
        title: `only ${props.instanceName}`,
        expression:
          `resource.type == "sqladmin.googleapis.com/Instance" && ` +
          `resource.name == "projects/${props.project}/instances/${props.instanceName}"`,
      },
    });
    new BucketPrefixAccess(this, "instance-writes", {
      bucket: props.bucket,
      member: `serviceAccount:${props.instanceServiceAccount}`,
      prefix: this.prefix,
      access: "write",
    });
    this.job = new ScheduledJob(this, "job", {
      project: props.project,
      name: props.name,
      region: props.region,
      schedule: props.schedule,
      description: `Exports ${props.instanceName}/${props.database} to the backup bucket`,
      image: props.image,
      script: { text: terraformLiteral(backupScript("sql-export.sh")), name: "sql-export" },
      env: {
        PROJECT: props.project,
        INSTANCE: props.instanceName,
        DATABASE: props.database,
        BUCKET: props.bucket,
        PREFIX: this.prefix,
      },
      serviceAccountEmail: this.runner.email,
      invokerAccountId: "pg-export-invoker",
      timeoutSeconds: 6 * 3600,
      labels: props.labels,
    });
    this.alerts = new JobOutcomeAlerts(this, "alerts", {
      project: props.project,
      // The literal name, not a reference: the alerts' log filters stay readable to the checker (MON-07).
      jobName: props.name,
      payload: { key: "job", value: "sql-export" },
      metricStem: "backup-export",
      what: "Database export",
      overdueDays: 2,
      notificationChannels: props.notificationChannels,
      runbook:
        `The export of ${props.instanceName} to the backup bucket (Cloud Run job ${props.name}, ${props.region}) ` +
        "failed or has not succeeded for two days. Read its last execution's log (jsonPayload.detail says why), " +
        `fix the cause, then run it by hand: \`gcloud run jobs execute ${props.name} --region=${props.region} ` +
        "--wait`. Until it succeeds, the newest off-region, locked copy of the database is getting older.",
    });
  }
}
