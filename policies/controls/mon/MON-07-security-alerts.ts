import type { Control, Result } from "../../control";
import { type Resource, type Scope, type Unknown, isUnknown } from "../../model/types";
import { blocks, list, truthy } from "../../model/values";
import { indexBy } from "../../model/ordered-index";
import { presenceProven, surestFirst } from "../../judge/presence";
import { evidence, projectVerdict } from "../../judge/results";
import { filterText, normaliseFilter } from "../../views/log-filters";
import { SECURITY_EVENTS, type SecurityEvent, eventLabel } from "../../views/security-events";

const METRIC = "google_logging_metric";
const ALERT_POLICY = "google_monitoring_alert_policy";

export const MON07SecurityAlerts: Control = {
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
  evaluate: (scope) => {
    const metricsRead = metricsReadByPolicies(scope);
    return SECURITY_EVENTS.map((event) => ({
      ...judgeEvent(scope, event, metricsRead),
      subject: eventLabel(event),
    }));
  },
};

function judgeEvent(scope: Scope, event: SecurityEvent, metricsRead: Map<Resource, Set<string>>): Result {
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
  const metricIds = new Set(metrics.map((m) => m.id));
  const policies = scope
    .ofType(ALERT_POLICY)
    .filter((policy) => enabled(policy) && [...metricsRead.get(policy)!].some((id) => metricIds.has(id)));
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
  // Prefer a policy and metric Terraform surely creates: one behind a count/for_each expression may not be.
  const readBy = (p: Resource) =>
    surestFirst(
      metrics.filter((m) => metricsRead.get(p)!.has(m.id)),
      (m) => m,
    )[0];
  const [policy] = surestFirst(
    surestFirst(notifying, (p) => readBy(p)),
    (p) => p,
  );
  const metric = readBy(policy);
  const pass: Result = {
    resource: policy,
    status: "pass",
    message: `${label}: ${metricNames} alerts through ${policy.address}`,
    evidence: [
      evidence("metric filter", metric.attributes.filter),
      evidence("notification_channels", policy.attributes.notification_channels),
    ],
  };
  return presenceProven(presenceProven(pass, policy), metric);
}

/** Whether an enabled metric's filter contains every clause of the event (Unknown when not yet known). */
function matches(scope: Scope, metric: Resource, event: SecurityEvent): boolean | Unknown {
  const disabled = truthy(metric.attributes.disabled);
  const filter = filterText(scope, metric, metric.attributes.filter);
  if (isUnknown(filter)) return filter;
  if (isUnknown(disabled)) return disabled;
  if (disabled === true || typeof filter !== "string") return false;
  const text = normaliseFilter(filter);
  return event.clauses.every((clause) => text.includes(normaliseFilter(clause)));
}

/** An alert policy whose switch is known only after apply is not counted on: it may be off. */
function enabled(policy: Resource): boolean {
  return truthy(policy.attributes.enabled ?? true) === true;
}

const USER_METRIC = "logging.googleapis.com/user/";

/**
 * The ids of the metrics each alert policy's conditions read: by reference, or by the literal metric type
 * `logging.googleapis.com/user/<name>"` in the condition's filter. Read once per evaluation, so matching every
 * policy to every metric stays linear.
 */
function metricsReadByPolicies(scope: Scope): Map<Resource, Set<string>> {
  const metricsNamed = indexBy(scope.ofType(METRIC), (metric) => [metric.attributes.name]);
  const read = new Map<Resource, Set<string>>();
  for (const policy of scope.ofType(ALERT_POLICY)) {
    const ids = new Set<string>();
    for (const condition of blocks(policy.attributes, "conditions")) {
      const filter = blocks(condition, "condition_threshold")[0]?.filter;
      if (typeof filter !== "string") continue;
      for (const ref of scope.references(policy, filter)) ids.add(ref.resource.id);
      // A metric name cannot contain a quote: the name is everything up to the quote closing the type.
      for (let at = filter.indexOf(USER_METRIC); at >= 0; at = filter.indexOf(USER_METRIC, at + 1)) {
        const end = filter.indexOf('"', at + USER_METRIC.length);
        if (end < 0) continue;
        for (const metric of metricsNamed([filter.slice(at + USER_METRIC.length, end)])) ids.add(metric.id);
      }
    }
    read.set(policy, ids);
  }
  return read;
}
