import { Construct } from "constructs";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";

/** One security event the project alerts on: a log filter and what an operator should know about it. */
export interface LogAlertSpec {
  /** Metric name (lowercase, hyphens), e.g. cis-2-7-firewall-rule-changes. */
  readonly name: string;
  readonly title: string;
  /** Cloud Logging query selecting the event's audit log entries. */
  readonly filter: string;
  /** What the alert means and what to check, shown in the incident and the notification. */
  readonly runbook: string;
  readonly severity: "CRITICAL" | "ERROR" | "WARNING";
}

export interface LogMetricAlertProps {
  readonly project: string;
  readonly spec: LogAlertSpec;
  /** Notification channel ids; at least one, so an alert always reaches someone. */
  readonly notificationChannels: readonly string[];
}

/**
 * A log-based counter metric and the alert policy that notifies as soon as it counts one matching entry
 * (CIS monitoring pattern). Guarantees the pair is consistent and always has a notification channel.
 */
export class LogMetricAlert extends Construct {
  readonly metric: LoggingMetric;
  readonly policy: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: LogMetricAlertProps) {
    super(scope, id);
    const { spec } = props;
    if (props.notificationChannels.length === 0) {
      throw new Error(`LogMetricAlert ${spec.name}: at least one notification channel is required`);
    }
    this.metric = new LoggingMetric(this, "metric", {
      project: props.project,
      name: spec.name,
      description: spec.title,
      filter: spec.filter,
      metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: spec.title },
    });
    this.policy = new MonitoringAlertPolicy(this, "policy", {
      project: props.project,
      displayName: spec.title,
      combiner: "OR",
      severity: spec.severity,
      notificationChannels: [...props.notificationChannels],
      documentation: { mimeType: "text/markdown", subject: spec.title, content: spec.runbook },
      alertStrategy: { autoClose: "1800s" },
      conditions: [
        {
          displayName: `${spec.title}: any occurrence`,
          conditionThreshold: {
            filter: `metric.type="logging.googleapis.com/user/${this.metric.name}"`,
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: "0s",
            aggregations: [
              { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM" },
            ],
            trigger: { count: 1 },
          },
        },
      ],
    });
  }
}
