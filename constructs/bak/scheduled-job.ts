import { Construct } from "constructs";
import { CloudRunV2Job } from "@cdktf/provider-google/lib/cloud-run-v2-job";
import { CloudRunV2JobIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-job-iam-member";
import { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import { WorkloadServiceAccount } from "../iam/workload-service-account";

/** OAuth scope of the token Cloud Scheduler mints to call the Cloud Run Admin API. */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export interface ScheduledJobProps {
  readonly project: string;
  /** Cloud Run job and scheduler name: lowercase letters, digits and hyphens, at most 49 characters. */
  readonly name: string;
  /** Where the job runs and the scheduler lives. */
  readonly region: string;
  /** Five-field cron, UTC. */
  readonly schedule: string;
  readonly description: string;
  readonly image: string;
  /** A bash script the container runs (`bash -c <script> <name> <args>`), and its arguments. */
  readonly script: { readonly text: string; readonly name: string; readonly args?: readonly string[] };
  readonly env?: Readonly<Record<string, string>>;
  /** The identity the job runs as (its email). */
  readonly serviceAccountEmail: string;
  /** Service account id (6-30 characters) of the identity Cloud Scheduler starts the job as. */
  readonly invokerAccountId: string;
  /** A bucket mounted into the container (Cloud Storage FUSE, second-generation execution environment). */
  readonly bucketMount?: { readonly bucket: string; readonly path: string; readonly readOnly: boolean };
  /**
   * Direct VPC egress into this subnet (its network's firewall rules apply), for private (RFC 1918)
   * destinations only: Google's APIs and everything else leave the usual way.
   */
  readonly privateNetwork?: { readonly network: string; readonly subnetwork: string };
  readonly timeoutSeconds: number;
  readonly cpu?: string;
  readonly memory?: string;
  readonly labels?: Record<string, string>;
}

/**
 * A Cloud Run job started on a schedule by Cloud Scheduler. Guarantees: the job runs as its own identity; the
 * scheduler calls the Cloud Run Admin API (`jobs.run`) with an OAuth token of a second, dedicated account that
 * holds `roles/run.invoker` on this job and nothing else; a task is never retried (a backup job that fails must
 * alert, not quietly run twice); the job always has a time limit; and it joins a VPC (Direct VPC egress) only
 * when asked, and then for private ranges only.
 */
export class ScheduledJob extends Construct {
  readonly job: CloudRunV2Job;
  readonly invoker: WorkloadServiceAccount;
  readonly scheduler: CloudSchedulerJob;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{0,47}[a-z0-9]$/.test(props.name)) {
      throw new Error(
        `ScheduledJob: name must be 2-49 lowercase letters, digits or hyphens, got "${props.name}"`,
      );
    }
    if (!Number.isInteger(props.timeoutSeconds) || props.timeoutSeconds < 60) {
      throw new Error(`ScheduledJob ${props.name}: timeoutSeconds must be a whole number of at least 60`);
    }
    const mount = props.bucketMount;
    this.job = new CloudRunV2Job(this, "job", {
      project: props.project,
      name: props.name,
      location: props.region,
      labels: props.labels,
      template: {
        labels: props.labels,
        taskCount: 1,
        template: {
          serviceAccount: props.serviceAccountEmail,
          maxRetries: 0,
          timeout: `${props.timeoutSeconds}s`,
          executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
          vpcAccess: props.privateNetwork
            ? {
                egress: "PRIVATE_RANGES_ONLY",
                networkInterfaces: [
                  { network: props.privateNetwork.network, subnetwork: props.privateNetwork.subnetwork },
                ],
              }
            : undefined,
          containers: [
            {
              image: props.image,
              // The script travels in args: Cloud Run expands $(NAME) in the command, never in args.
              command: ["bash"],
              args: ["-c", props.script.text, props.script.name, ...(props.script.args ?? [])],
              env: Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
              resources: { limits: { cpu: props.cpu ?? "1", memory: props.memory ?? "512Mi" } },
              volumeMounts: mount ? [{ name: "bucket", mountPath: mount.path }] : undefined,
            },
          ],
          volumes: mount
            ? [{ name: "bucket", gcs: { bucket: mount.bucket, readOnly: mount.readOnly } }]
            : undefined,
        },
      },
    });
    this.invoker = new WorkloadServiceAccount(this, "invoker", {
      project: props.project,
      accountId: props.invokerAccountId,
      description: `Starts the Cloud Run job ${props.name} on its schedule (Cloud Scheduler)`,
    });
    new CloudRunV2JobIamMember(this, "invoker-grant", {
      project: props.project,
      location: props.region,
      name: this.job.name,
      role: "roles/run.invoker",
      member: this.invoker.member,
    });
    this.scheduler = new CloudSchedulerJob(this, "scheduler", {
      project: props.project,
      name: props.name,
      region: props.region,
      description: props.description,
      schedule: props.schedule,
      timeZone: "Etc/UTC",
      attemptDeadline: "180s",
      retryConfig: { retryCount: 3, minBackoffDuration: "60s", maxBackoffDuration: "600s" },
      httpTarget: {
        httpMethod: "POST",
        uri: `https://run.googleapis.com/v2/projects/${props.project}/locations/${props.region}/jobs/${this.job.name}:run`,
        oauthToken: { serviceAccountEmail: this.invoker.email, scope: CLOUD_PLATFORM_SCOPE },
      },
    });
  }
}
