import { Construct } from "constructs";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { LogMetricAlert } from "../../mon/logging/log-metric-alert";
import { promqlLogMetric } from "../../bak/job-outcome-alerts";
import { WAZUH_ARCHIVE_JOB, WAZUH_ARCHIVE_LOG, WAZUH_ARCHIVE_SCRIPT_PATH } from "./archive";

export interface WazuhArchiveAlertsProps {
  readonly project: string;
  /** The manager's instance name (for the runbook). */
  readonly instanceName: string;
  readonly zone: string;
  /** An alert fires when no run has succeeded for this many days. */
  readonly overdueDays: number;
  readonly notificationChannels: readonly string[];
}

/**
 * Alerts on the Wazuh archive job's result lines (log `wazuh-archive` of the project, written by the job on
 * the manager): one as soon as a run reports a failure (severity ERROR), and one when no run has reported
 * success for `overdueDays` (the timer stopped, the VM is down, the job cannot reach Cloud Logging, or it keeps
 * failing unnoticed). Same shape as the Cloud Run jobs' JobOutcomeAlerts, whose filters name a Cloud Run job
 * instead of a log written from a VM.
 */
export class WazuhArchiveAlerts extends Construct {
  readonly succeeded: LoggingMetric;
  readonly failed: LogMetricAlert;
  readonly overdue: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: WazuhArchiveAlertsProps) {
    super(scope, id);
    if (!Number.isInteger(props.overdueDays) || props.overdueDays < 1) {
      throw new Error("WazuhArchiveAlerts: overdueDays must be a whole number of days");
    }
    if (props.notificationChannels.length === 0) {
      throw new Error("WazuhArchiveAlerts: at least one notification channel is required");
    }
    const ours =
      `(logName="projects/${props.project}/logs/${WAZUH_ARCHIVE_LOG}") AND ` +
      `(jsonPayload.job="${WAZUH_ARCHIVE_JOB}")`;
    const stem = WAZUH_ARCHIVE_JOB;
    const runbook =
      `The Wazuh archive (${WAZUH_ARCHIVE_JOB}.timer on ${props.instanceName}, ${props.zone}) failed or has not ` +
      `succeeded for ${props.overdueDays} day(s). Read its last result line (log ${WAZUH_ARCHIVE_LOG}: ` +
      "jsonPayload.message, failed and detail) or, on the VM, `journalctl -u " +
      `${WAZUH_ARCHIVE_JOB}.service\`; fix the cause, then run it again: \`sudo systemctl start ` +
      `${WAZUH_ARCHIVE_JOB}.service\` (yesterday) or \`sudo ${WAZUH_ARCHIVE_SCRIPT_PATH} YYYY-MM-DD\` (a missed ` +
      "day, while its rotated alerts are still on the data disk). Objects already stored are never replaced.";
    this.succeeded = new LoggingMetric(this, "succeeded", {
      project: props.project,
      name: `${stem}-succeeded`,
      description: "Wazuh archive: successful runs",
      filter: `${ours} AND (jsonPayload.result="success")`,
      metricDescriptor: {
        metricKind: "DELTA",
        valueType: "INT64",
        unit: "1",
        displayName: "Wazuh archive succeeded",
      },
    });
    this.failed = new LogMetricAlert(this, "failed", {
      project: props.project,
      notificationChannels: props.notificationChannels,
      spec: {
        name: `${stem}-failed`,
        title: "Wazuh archive failed",
        severity: "ERROR",
        filter: `${ours} AND (severity>=ERROR)`,
        runbook,
      },
    });
    const days = props.overdueDays;
    this.overdue = new MonitoringAlertPolicy(this, "overdue", {
      project: props.project,
      displayName: "Wazuh archive overdue",
      combiner: "OR",
      severity: "ERROR",
      notificationChannels: [...props.notificationChannels],
      documentation: {
        mimeType: "text/markdown",
        subject: `Wazuh archive: no successful run for ${days} days`,
        content: runbook,
      },
      dependsOn: [this.succeeded],
      conditions: [
        {
          displayName: `Wazuh archive: no success within ${days} days`,
          conditionPrometheusQueryLanguage: {
            query: `(sum(increase(${promqlLogMetric(`${stem}-succeeded`)}[${days}d])) or vector(0)) < 1`,
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
