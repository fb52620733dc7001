import type { Control, Result } from "../../control";
import { type Resource, type Scope, type Unknown, isUnknown } from "../../model/types";
import { blocks, list, truthy } from "../../model/values";
import { literal } from "../shared/resolve";
import { evidence, projectVerdict } from "../shared/results";
import { normaliseFilter } from "./log-filters";
import { SECURITY_EVENTS, type SecurityEvent, eventLabel } from "./security-events";

const METRIC = "google_logging_metric";
const ALERT_POLICY = "google_monitoring_alert_policy";

export const securityAlerts: Control = {
  id: "MON-07",
  title: "Alerts on CIS monitoring events and KMS key destruction",
  claim:
    "Real-time alerting: ownership, audit configuration, custom role, firewall, route, network, Cloud Storage " +
    "IAM and Cloud SQL configuration changes, and scheduled KMS key destruction each notify a person.",
  severity: "high",
  rationale:
    "These changes are how an intruder escalates, hides or opens a path out; a log-based metric only helps " +
    "when an enabled alert policy on it notifies someone within minutes.",
  remediation:
    "For each event, declare a google_logging_metric whose filter selects it (CIS filters) and an enabled " +
    "google_monitoring_alert_policy with a condition on logging.googleapis.com/user/<metric> and at least " +
    "one notification channel.",
  references: { cis: ["2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11"], checkov: [], trivy: [] },
  implementation:
    "The monitoring stack renders one LogMetricAlert (metric + alert policy) per entry of SECURITY_ALERTS, " +
    "notifying the configured e-mail channels.",
  evaluate: (scope) => SECURITY_EVENTS.map((event) => judgeEvent(scope, event)),
};

function judgeEvent(scope: Scope, event: SecurityEvent): Result {
  const label = eventLabel(event);
  const metrics = scope.ofType(METRIC).filter((metric) => matches(scope, metric, event) === true);
  if (metrics.length === 0) {
    const unknown = scope.ofType(METRIC).some((metric) => isUnknown(matches(scope, metric, event)));
    return projectVerdict(
      unknown ? "unknown" : "fail",
      unknown
        ? `${label}: a log metric filter is known only after apply`
        : `${label}: no enabled log-based metric filters for it (needs ${event.clauses.join(", ")})`,
    );
  }
  const policies = scope
    .ofType(ALERT_POLICY)
    .filter((policy) => enabled(policy) && metrics.some((m) => usesMetric(scope, policy, m)));
  const metricNames = metrics.map((m) => m.address).join(", ");
  if (policies.length === 0) {
    return projectVerdict("fail", `${label}: no enabled alert policy uses metric ${metricNames}`, [
      evidence("metrics", metricNames),
    ]);
  }
  const notifying = policies.filter((policy) => list(policy.attributes, "notification_channels").length > 0);
  if (notifying.length === 0) {
    return {
      resource: policies[0],
      status: "fail",
      message: `${label}: alert policy ${policies.map((p) => p.address).join(", ")} has no notification channel`,
      evidence: [evidence("notification_channels", policies[0].attributes.notification_channels)],
    };
  }
  const [policy] = notifying;
  return {
    resource: policy,
    status: "pass",
    message: `${label}: ${metricNames} alerts through ${policy.address}`,
    evidence: [
      evidence("metric filter", metrics[0].attributes.filter),
      evidence("notification_channels", policy.attributes.notification_channels),
    ],
  };
}

/** Whether an enabled metric's filter contains every clause of the event (Unknown when not yet known). */
function matches(scope: Scope, metric: Resource, event: SecurityEvent): boolean | Unknown {
  const disabled = truthy(metric.attributes.disabled);
  const filter = literal(scope, metric, metric.attributes.filter);
  if (isUnknown(filter)) return filter;
  if (disabled === true || typeof filter !== "string") return false;
  const text = normaliseFilter(filter);
  return event.clauses.every((clause) => text.includes(normaliseFilter(clause)));
}

function enabled(policy: Resource): boolean {
  return truthy(policy.attributes.enabled ?? true) !== false;
}

/** Whether a policy condition reads the metric's time series (by reference or by its literal metric type). */
function usesMetric(scope: Scope, policy: Resource, metric: Resource): boolean {
  return blocks(policy.attributes, "conditions").some((condition) => {
    const filter = blocks(condition, "condition_threshold")[0]?.filter;
    if (typeof filter !== "string") return false;
    if (scope.references(policy, filter).some((ref) => ref.resource.id === metric.id)) return true;
    const name = metric.attributes.name;
    return typeof name === "string" && filter.includes(`logging.googleapis.com/user/${name}"`);
  });
}
