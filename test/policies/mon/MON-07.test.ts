import type { Result } from "../../../policies/control";
import { MON07SecurityAlerts } from "../../../policies/controls/mon/MON-07-security-alerts";
import { expectFails, expectPasses, scopeOf, tf } from "../../support/control-fixtures";
import { type Stacks, baselineScope, evaluate, failures, resources } from "./fixture";

const policyFor = (stacks: Stacks, metric: string) =>
  Object.entries(resources(stacks, "google_monitoring_alert_policy")).find(([name]) =>
    name.startsWith(`alert-${metric}_`),
  )!;

describe("MON-07 Alerts on CIS monitoring events and KMS key destruction", () => {
  test("the baseline's metric and notifying alert policy for every event pass", () => {
    expectPasses(MON07SecurityAlerts, baselineScope());
  });

  test("removing one alert policy fails, naming the event and its metric", () => {
    const scope = baselineScope((stacks) => {
      const [name] = policyFor(stacks, "cis-2-7-firewall-rule-changes");
      delete resources(stacks, "google_monitoring_alert_policy")[name];
    });
    expect(failures(MON07SecurityAlerts.evaluate(scope))).toEqual([
      expect.stringMatching(
        /^CIS 2\.7 VPC firewall rule changes: no enabled alert policy uses metric google_logging_metric\.alert-cis-2-7-firewall-rule-changes_metric_\w+$/,
      ),
    ]);
    expectFails(MON07SecurityAlerts, scope, "project");
  });

  test("a policy without notification channels, or disabled, fails", () => {
    let address = "";
    const silent = baselineScope((stacks) => {
      const [name, policy] = policyFor(stacks, "kms-key-version-destroy-scheduled");
      address = `google_monitoring_alert_policy.${name}`;
      delete policy.notification_channels;
    });
    expect(failures(MON07SecurityAlerts.evaluate(silent))).toEqual([
      expect.stringMatching(
        /^KMS key version destruction scheduled: alert policy \S+ has no notification channel$/,
      ),
    ]);
    expectFails(MON07SecurityAlerts, silent, address);
    const disabled = evaluate(
      MON07SecurityAlerts,
      (stacks) => (policyFor(stacks, "cis-2-4-project-ownership-changes")[1].enabled = false),
    );
    expect(failures(disabled)[0]).toMatch(
      /^CIS 2\.4 project ownership changes: no enabled alert policy uses metric/,
    );
  });

  test("notification_channels null (unset: nobody is notified) fails", () => {
    let address = "";
    const scope = baselineScope((stacks) => {
      const [name, policy] = policyFor(stacks, "kms-key-version-destroy-scheduled");
      address = `google_monitoring_alert_policy.${name}`;
      policy.notification_channels = null;
    });
    const [failure] = expectFails(MON07SecurityAlerts, scope, address);
    expect(failure.message).toMatch(/has no notification channel$/);
  });

  test("an alert policy or metric switched by an expression is not counted on as enabled", () => {
    const policy = evaluate(
      MON07SecurityAlerts,
      (stacks) => (policyFor(stacks, "cis-2-4-project-ownership-changes")[1].enabled = "${var.alerts}"),
    );
    expect(failures(policy)[0]).toMatch(
      /^CIS 2\.4 project ownership changes: no enabled alert policy uses metric/,
    );
    const metric = evaluate(MON07SecurityAlerts, (stacks) => {
      const metrics = resources(stacks, "google_logging_metric");
      const [name] = Object.keys(metrics).filter((n) => n.startsWith("alert-cis-2-8-route-changes_"));
      metrics[name].disabled = "${var.off}";
    });
    expect(metric.filter((r) => r.status !== "pass").map((r) => [r.status, r.message])).toEqual([
      ["unknown", "CIS 2.8 VPC route changes: a log metric filter is known only after apply"],
    ]);
  });

  test("an alert policy or metric whose count is an expression is unknown: it may not be created", () => {
    const unknowns = (results: Result[]) =>
      results.filter((r) => r.status !== "pass").map((r) => [r.status, r.message.split(":")[0]]);
    const policy = evaluate(MON07SecurityAlerts, (stacks) => {
      policyFor(stacks, "cis-2-4-project-ownership-changes")[1].count = "${var.alerts ? 1 : 0}";
    });
    expect(unknowns(policy)).toEqual([["unknown", "CIS 2.4 project ownership changes"]]);
    const metric = evaluate(MON07SecurityAlerts, (stacks) => {
      const metrics = resources(stacks, "google_logging_metric");
      const [name] = Object.keys(metrics).filter((n) => n.startsWith("alert-cis-2-8-route-changes_"));
      metrics[name].for_each = "${var.metrics}";
    });
    expect(unknowns(metric)).toEqual([["unknown", "CIS 2.8 VPC route changes"]]);
  });

  test("a metric filter missing part of the CIS event fails, naming the clauses it needs", () => {
    const results = evaluate(MON07SecurityAlerts, (stacks) => {
      const metrics = resources(stacks, "google_logging_metric");
      const [name] = Object.keys(metrics).filter((n) => n.startsWith("alert-cis-2-8-route-changes_"));
      metrics[name].filter = 'resource.type="gce_route" AND protoPayload.methodName:"compute.routes.insert"';
    });
    expect(failures(results)).toEqual([
      'CIS 2.8 VPC route changes: no enabled log-based metric filters for it (needs resource.type="gce_route", ' +
        "compute.routes.insert, compute.routes.delete)",
    ]);
  });

  test("reads a metric filter naming a declared resource as Terraform renders it; a variable stays unknown", () => {
    const withMetric = (jobName: string) =>
      scopeOf(
        tf({
          google_cloud_run_v2_job: { export: { name: "sql-export", location: "europe-west2" } },
          google_logging_metric: {
            export_failed: {
              name: "export-failed",
              filter: `resource.type="cloud_run_job" AND resource.labels.job_name="${jobName}"`,
            },
          },
        }),
      );
    // The job's name is known: the filter is read, it covers no security event, and every event fails.
    const named = MON07SecurityAlerts.evaluate(withMetric("${google_cloud_run_v2_job.export.name}"));
    expect(named.map((r) => r.status)).toEqual(named.map(() => "fail"));
    // A variable may be anything: the events a metric could cover are unknown.
    const variable = MON07SecurityAlerts.evaluate(withMetric("${var.job}"));
    expect(variable.map((r) => r.status)).toEqual(variable.map(() => "unknown"));
  });
});
