import { Construct } from "constructs";
import { Lazy, TerraformStack, dependable } from "cdktf";
import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";

/**
 * How long a new log-based metric may take before Cloud Monitoring accepts an alert policy on it: the API
 * answers "Cannot find metric(s) ... it could take up to 10 minutes to become available" meanwhile
 * (terraform-provider-google issue 11102). Paid once per stack, on the first apply and when a metric is added.
 */
export const LOG_METRIC_PROPAGATION = "600s";

const WAIT_ID = "log-metrics-ready";
const TIME_PROVIDER_ID = "time";

/**
 * The one wait of a stack that every alert policy on a log-based metric depends on: a `time_sleep` created
 * after every such metric of the stack, re-created (and so waited again) whenever the set of metric names
 * changes. One per stack, so the wait holds one of Terraform's parallel operations, not one per metric.
 */
export class LogMetricsReady extends Construct {
  readonly sleep: Sleep;
  private readonly metrics: LoggingMetric[] = [];
  private readonly names: string[] = [];

  /** The stack's wait, created (with the time provider, if the stack has none) on first use. */
  static of(scope: Construct): LogMetricsReady {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(WAIT_ID);
    if (existing instanceof LogMetricsReady) return existing;
    if (!stack.node.tryFindChild(TIME_PROVIDER_ID)) new TimeProvider(stack, TIME_PROVIDER_ID);
    return new LogMetricsReady(stack, WAIT_ID);
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.sleep = new Sleep(this, "wait", {
      createDuration: LOG_METRIC_PROPAGATION,
      triggers: { metrics: Lazy.stringValue({ produce: () => [...this.names].sort().join(",") }) },
    });
  }

  /** Waits for `metric` too. */
  add(metric: LoggingMetric, name: string): void {
    this.metrics.push(metric);
    this.names.push(name);
    this.sleep.dependsOn = this.metrics.map((m) => dependable(m));
  }
}

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
 * (CIS monitoring pattern). Guarantees the pair is consistent, always has a notification channel, and that the
 * policy is created only after the stack's LogMetricsReady wait, so a first apply succeeds in one run.
 *
 * The condition's filter names the metric type only: the Monitoring API (provider 6.50 docs) requires the
 * metric type and makes `resource.type` optional, and a log-based metric's series carry the monitored resource
 * of each counted entry (firewall rules, buckets, projects...), so one resource type would miss events.
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
    const ready = LogMetricsReady.of(this);
    ready.add(this.metric, spec.name);
    this.policy = new MonitoringAlertPolicy(this, "policy", {
      project: props.project,
      displayName: spec.title,
      combiner: "OR",
      severity: spec.severity,
      notificationChannels: [...props.notificationChannels],
      documentation: { mimeType: "text/markdown", subject: spec.title, content: spec.runbook },
      alertStrategy: { autoClose: "1800s" },
      dependsOn: [ready.sleep],
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
