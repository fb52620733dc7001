import { MON09UptimeChecks } from "../../../policies/controls/mon/MON-09-uptime-checks";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, baselineScope, failures, resources } from "./fixture";

const CHECK = "google_monitoring_uptime_check_config";
const POLICY = "google_monitoring_alert_policy";
const entry = (stacks: Stacks, type: string, prefix: string) =>
  Object.entries(resources(stacks, type)).find(([name]) => name.startsWith(prefix))!;

describe("MON-09 HTTPS uptime check with an alert on every public domain", () => {
  test("the baseline checks both prod domains over HTTPS and alerts on each", () => {
    const results = expectPasses(MON09UptimeChecks, baselineScope());
    expect(results.map((r) => r.subject)).toEqual(["app.example.com", "www.example.com"]);
    expectPasses(
      MON09UptimeChecks,
      baselineScope(() => {}, "staging"),
    );
  });

  test("a domain without an uptime check fails, naming it", () => {
    const scope = baselineScope((stacks) => {
      delete resources(stacks, CHECK)[entry(stacks, CHECK, "uptime_check-www-example-com")[0]];
    });
    const [failure] = expectFails(MON09UptimeChecks, scope, "project");
    expect(failure.message).toBe(
      "www.example.com: no uptime check (uptime_url, labels.host = www.example.com)",
    );
  });

  test("a domain added to the URL map but not checked fails", () => {
    const scope = baselineScope((stacks) => {
      const map = Object.values(resources(stacks, "google_compute_url_map", "prod-edge")).find(
        (m) => m.host_rule,
      )!;
      map.host_rule[0].hosts = [...map.host_rule[0].hosts, "api.example.com"];
    });
    expect(failures(MON09UptimeChecks.evaluate(scope))).toEqual([
      "api.example.com: no uptime check (uptime_url, labels.host = api.example.com)",
    ]);
  });

  test("a check without certificate validation fails on the check", () => {
    let address = "";
    const scope = baselineScope((stacks) => {
      const [name, check] = entry(stacks, CHECK, "uptime_check-app-example-com");
      address = `${CHECK}.${name}`;
      check.http_check.validate_ssl = false;
    });
    const [failure] = expectFails(MON09UptimeChecks, scope, address);
    expect(failure.message).toMatch(
      /app\.example\.com is not checked over HTTPS with the certificate validated$/,
    );
  });

  test("no alert policy, a disabled one, or one without channels fails", () => {
    const withPolicy = (change: (policy: Record<string, unknown>, name: string, stacks: Stacks) => void) =>
      baselineScope((stacks) => {
        const [name, policy] = entry(stacks, POLICY, "uptime_alert-app-example-com");
        change(policy, name, stacks);
      });
    const removed = withPolicy((_, name, stacks) => delete resources(stacks, POLICY)[name]);
    expect(failures(MON09UptimeChecks.evaluate(removed))[0]).toMatch(
      /^app\.example\.com: no enabled alert policy on the check_passed metric of /,
    );
    expectFails(MON09UptimeChecks, removed, "project");
    const disabled = withPolicy((policy) => (policy.enabled = false));
    expectFails(MON09UptimeChecks, disabled, "project");
    const silent = withPolicy((policy) => delete policy.notification_channels);
    expect(failures(MON09UptimeChecks.evaluate(silent))[0]).toMatch(/has no notification channel$/);
  });

  test("without an edge there is nothing to judge", () => {
    const scope = baselineScope((stacks) => {
      delete stacks["prod-edge"];
      delete stacks["prod-monitoring"].resource![CHECK];
    });
    expect(MON09UptimeChecks.evaluate(scope).map((r) => r.status)).toEqual(["not-applicable"]);
  });
});
