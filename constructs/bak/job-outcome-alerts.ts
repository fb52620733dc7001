import { Construct } from "constructs";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { LogMetricAlert } from "../mon/logging/log-metric-alert";

export interface JobOutcomeAlertsProps {
  readonly project: string;
  /** The Cloud Run job's name (a reference is fine); the scheduler that starts it has the same name. */
  readonly jobName: string;
  /** What the job's own result lines carry: `jsonPayload.<key>="<value>"` (e.g. drill="sql-restore"). */
  readonly payload: { readonly key: string; readonly value: string };
  /** Metric name stem (lowercase, hyphens): `<stem>-succeeded` and `<stem>-failed`. */
  readonly metricStem: string;
  /** What the job does, for titles: "Database export", "Restore drill". */
  readonly what: string;
  /** An alert fires when no run has succeeded for this many days. */
  readonly overdueDays: number;
  readonly notificationChannels: readonly string[];
  /** What an operator should check, shown in both alerts. */
  readonly runbook: string;
}

/** `logging.googleapis.com/user/<name>` as PromQL names it (Cloud Monitoring's metric name mapping). */
export function promqlLogMetric(name: string): string {
  return `logging_googleapis_com:user_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/**
 * Alerts on the outcome of a scheduled backup job: one as soon as a run fails (the job's own failure line, the
 * Cloud Run execution failing or timing out, or Cloud Scheduler failing to start it), and one when no run has
 * succeeded for `overdueDays` (the job stopped running, was paused or deleted, or keeps failing unnoticed). The
 * second is a PromQL condition: a metric-absence condition cannot look back more than about a day.
 */
export class JobOutcomeAlerts extends Construct {
  readonly succeeded: LoggingMetric;
  readonly failed: LogMetricAlert;
  readonly overdue: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: JobOutcomeAlertsProps) {
    super(scope, id);
    if (!Number.isInteger(props.overdueDays) || props.overdueDays < 1) {
      throw new Error(`JobOutcomeAlerts ${props.metricStem}: overdueDays must be a whole number of days`);
    }
    if (props.notificationChannels.length === 0) {
      throw new Error(`JobOutcomeAlerts ${props.metricStem}: at least one notification channel is required`);
    }
    const job = `resource.type="cloud_run_job" AND resource.labels.job_name="${props.jobName}"`;
    const ours = `jsonPayload.${props.payload.key}="${props.payload.value}"`;
    // Cloud Logging's query language binds OR tighter than AND: every clause is parenthesised.
    const succeededName = `${props.metricStem}-succeeded`;
    this.succeeded = new LoggingMetric(this, "succeeded", {
      project: props.project,
      name: succeededName,
      description: `${props.what}: successful runs`,
      filter: `(${job}) AND (${ours}) AND (jsonPayload.result="success")`,
      metricDescriptor: {
        metricKind: "DELTA",
        valueType: "INT64",
        unit: "1",
        displayName: `${props.what} succeeded`,
      },
    });
    this.failed = new LogMetricAlert(this, "failed", {
      project: props.project,
      notificationChannels: props.notificationChannels,
      spec: {
        name: `${props.metricStem}-failed`,
        title: `${props.what} failed`,
        severity: "ERROR",
        filter:
          `((${job}) AND (((${ours}) AND (severity>=ERROR)) OR ` +
          `((log_id("run.googleapis.com/varlog/system")) AND (severity>=ERROR)))) OR ` +
          `((resource.type="cloud_scheduler_job") AND (resource.labels.job_id="${props.jobName}") AND (severity>=ERROR))`,
        runbook: props.runbook,
      },
    });
    const days = props.overdueDays;
    this.overdue = new MonitoringAlertPolicy(this, "overdue", {
      project: props.project,
      displayName: `${props.what} overdue`,
      combiner: "OR",
      severity: "ERROR",
      notificationChannels: [...props.notificationChannels],
      documentation: {
        mimeType: "text/markdown",
        subject: `${props.what}: no successful run for ${days} days`,
        content: props.runbook,
      },
      dependsOn: [this.succeeded],
      conditions: [
        {
          displayName: `${props.what}: no success within ${days} days`,
          conditionPrometheusQueryLanguage: {
            query: `(sum(increase(${promqlLogMetric(succeededName)}[${days}d])) or vector(0)) < 1`,
            duration: "0s",
            evaluationInterval: "3600s",
            // The metric exists only once the first successful run has been logged.
            disableMetricValidation: true,
          },
        },
      ],
    });
  }
}
