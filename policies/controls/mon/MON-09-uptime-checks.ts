import type { Control, Result } from "../../control";
import type { Resource, Scope } from "../../model/types";
import { blocks, get, list, truthy } from "../../model/values";
import { literal } from "../../model/resolve";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict } from "../../judge/results";

const CERTIFICATE = "google_compute_managed_ssl_certificate";
const URL_MAP = "google_compute_url_map";
const UPTIME_CHECK = "google_monitoring_uptime_check_config";
const ALERT_POLICY = "google_monitoring_alert_policy";
const CHECK_PASSED = "monitoring.googleapis.com/uptime_check/check_passed";

export const MON09UptimeChecks: Control = {
  id: "MON-09",
  title: "HTTPS uptime check with an alert on every public domain",
  claim:
    "Uptime monitoring with automated alerting: every domain of a managed certificate or URL map host rule " +
    "has an HTTPS uptime check that validates the certificate, and an enabled alert policy on that check " +
    "notifies a person.",
  severity: "medium",
  rationale:
    "An outage, a broken certificate or a WAF rule blocking everyone is first noticed by users unless Google's " +
    "checkers probe each public name from outside and someone is told when they fail.",
  remediation:
    "For each domain, declare a google_monitoring_uptime_check_config with monitored_resource uptime_url " +
    "(labels.host = the domain) and http_check { use_ssl = true, validate_ssl = true }, and an enabled " +
    "google_monitoring_alert_policy with notification channels whose condition filters " +
    `${CHECK_PASSED} on metric.label.check_id = the check's uptime_check_id.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The monitoring stack's UptimeChecks: one HTTPS check (TLS validated) and one alert policy (failures " +
    "from more than one location, certificate expiring within 14 days) per edge domain.",
  evaluate: (scope) => {
    const domains = publicDomains(scope);
    if (domains.unknown.length > 0 && domains.known.size === 0) {
      return [
        projectVerdict(
          "unknown",
          `public domains are known only after apply (${domains.unknown.join(", ")})`,
        ),
      ];
    }
    if (domains.known.size === 0) {
      return [
        projectVerdict("not-applicable", `no managed certificate or URL map host in ${scope.environment}`),
      ];
    }
    const results = [...domains.known].map((domain) => ({ ...judgeDomain(scope, domain), subject: domain }));
    return domains.unknown.length > 0
      ? [...results, projectVerdict("unknown", `some public domains are known only after apply`)]
      : results;
  },
};

/** Every domain a managed certificate covers or a URL map routes by host (`*` is no domain). */
function publicDomains(scope: Scope): { known: Set<string>; unknown: string[] } {
  const known = new Set<string>();
  const unknown: string[] = [];
  const add = (from: Resource, value: unknown) => {
    const name = literal(scope, from, value);
    if (typeof name === "string" && !name.includes("${")) {
      if (name !== "*") known.add(name.toLowerCase());
    } else unknown.push(`${from.address}: ${String(value)}`);
  };
  for (const cert of scope.ofType(CERTIFICATE)) {
    for (const domain of list(get(cert.attributes, "managed"), "domains")) add(cert, domain);
  }
  for (const map of scope.ofType(URL_MAP)) {
    for (const rule of blocks(map.attributes, "host_rule"))
      for (const host of list(rule, "hosts")) add(map, host);
  }
  return { known, unknown };
}

function judgeDomain(scope: Scope, domain: string): Result {
  const checks = scope.ofType(UPTIME_CHECK).filter((check) => {
    const resource = blocks(check.attributes, "monitored_resource")[0];
    const host = resource ? literal(scope, check, get(resource, "labels.host")) : undefined;
    return resource?.type === "uptime_url" && typeof host === "string" && host.toLowerCase() === domain;
  });
  if (checks.length === 0) {
    return projectVerdict("fail", `${domain}: no uptime check (uptime_url, labels.host = ${domain})`);
  }
  const https = checks.filter((check) => {
    const http = blocks(check.attributes, "http_check")[0];
    return http !== undefined && truthy(http.use_ssl) === true && truthy(http.validate_ssl) === true;
  });
  if (https.length === 0) {
    const http = blocks(checks[0].attributes, "http_check")[0];
    return {
      resource: checks[0],
      status: "fail",
      message: `${checks[0].address}: ${domain} is not checked over HTTPS with the certificate validated`,
      evidence: [
        evidence("http_check.use_ssl", http?.use_ssl),
        evidence("http_check.validate_ssl", http?.validate_ssl),
      ],
    };
  }
  const alerting = scope.ofType(ALERT_POLICY).filter((policy) => {
    if (truthy(policy.attributes.enabled ?? true) !== true) return false;
    return blocks(policy.attributes, "conditions").some((condition) => {
      const filter = blocks(condition, "condition_threshold")[0]?.filter;
      if (typeof filter !== "string" || !filter.includes(CHECK_PASSED)) return false;
      return scope.references(policy, filter).some((ref) => https.includes(ref.resource));
    });
  });
  const notifying = alerting.filter((p) => list(p.attributes, "notification_channels").length > 0);
  if (notifying.length === 0) {
    const message =
      alerting.length === 0
        ? `${domain}: no enabled alert policy on the check_passed metric of ${https.map((c) => c.address).join(", ")}`
        : `${domain}: alert policy ${alerting[0].address} has no notification channel`;
    return projectVerdict("fail", message);
  }
  const [policy] = notifying;
  const check = https.find((c) =>
    blocks(policy.attributes, "conditions").some((condition) =>
      scope
        .references(policy, blocks(condition, "condition_threshold")[0]?.filter)
        .some((ref) => ref.resource === c),
    ),
  )!;
  const pass: Result = {
    resource: policy,
    status: "pass",
    message: `${domain}: HTTPS uptime check ${check.address} (certificate validated) alerts through ${policy.address}`,
    evidence: [
      evidence(
        `${check.address}.http_check.validate_ssl`,
        blocks(check.attributes, "http_check")[0]?.validate_ssl,
      ),
      evidence("notification_channels", policy.attributes.notification_channels),
    ],
  };
  return presenceProven(presenceProven(pass, policy), check);
}
