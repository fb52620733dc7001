import { MON03ApplicationLogRetention } from "../../../policies/controls/mon/MON-03-application-log-retention";
import { expectFails, expectPasses, markUnknown, resultFor } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import { type Stacks, baselineScope, evaluate, failures, logBucket, one, resources, sink } from "./fixture";

const EXCLUSION = "google_logging_project_exclusion";
const removeExclusion = (stacks: Stacks) => delete stacks["prod-monitoring"].resource![EXCLUSION];
/** The address of the sink of application logs, which the verdicts on its bucket name. */
const applicationSink = () =>
  resourceWith(environmentStacks("prod"), "google_logging_project_sink", "name", "application-logs-sink")
    .address;

describe("MON-03 Application logs kept 30 days in a CMEK log bucket, then purged", () => {
  test("the baseline passes on the application sink (CMEK, 30 days) and on the _Default exclusion", () => {
    const results = expectPasses(MON03ApplicationLogRetention, baselineScope());
    expect(results.map((r) => [r.status, r.message])).toEqual([
      [
        "pass",
        expect.stringMatching(
          /^google_logging_project_sink\.application-logs_sink_\w+: application logs go to google_logging_project_bucket_config\.application-logs_bucket_\w+: CMEK, kept 30 days, then purged; leaves out the security logs kept 400 days or more elsewhere: compute\.googleapis\.com%2Fvpc_flows, compute\.googleapis\.com%2Ffirewall, compute\.googleapis\.com%2Fnat_flows, dns\.googleapis\.com%2Fdns_queries, requests, cloudsql\.googleapis\.com%2Fpostgres\.log, vault_audit, vault_audit_fallback$/,
        ),
      ],
      [
        "pass",
        expect.stringMatching(
          /^google_logging_project_exclusion\.\S+: excludes every entry from the _Default sink: _Default stores no copy$/,
        ),
      ],
    ]);
  });

  test("without the _Default exclusion it fails at project level; a disabled one is named", () => {
    const withoutExclusion = baselineScope(removeExclusion);
    expect(failures(MON03ApplicationLogRetention.evaluate(withoutExclusion))).toEqual([
      "environment prod lets the _Default sink keep a second copy of application logs: no enabled " +
        "google_logging_project_exclusion with filter logName:*, and no _Default bucket kept at most 30 days",
    ]);
    expectFails(MON03ApplicationLogRetention, withoutExclusion, "project");
    const disabled = evaluate(MON03ApplicationLogRetention, (stacks) => {
      one(stacks, EXCLUSION).disabled = true;
    });
    expect(failures(disabled)).toEqual([
      expect.stringMatching(
        /no _Default bucket kept at most 30 days; found: google_logging_project_exclusion\.\S+: the exclusion of every entry is disabled$/,
      ),
    ]);
  });

  test("a _Default bucket kept 30 days or less proves the same without the exclusion; 90 days does not", () => {
    const withDefault = (days: number) => (stacks: Stacks) => {
      removeExclusion(stacks);
      resources(stacks, "google_logging_project_bucket_config").default = {
        project: "acme-sec-prod",
        location: "global",
        bucket_id: "_Default",
        retention_days: days,
      };
    };
    expect(failures(evaluate(MON03ApplicationLogRetention, withDefault(30)))).toEqual([]);
    expectPasses(MON03ApplicationLogRetention, baselineScope(withDefault(30)));
    const ninety = baselineScope(withDefault(90));
    expect(failures(MON03ApplicationLogRetention.evaluate(ninety))).toEqual([
      expect.stringMatching(
        /; found: google_logging_project_bucket_config\.default: _Default keeps its copy 90 days$/,
      ),
    ]);
    expectFails(MON03ApplicationLogRetention, ninety, "project");
  });

  test("without the application log sink it fails at project level, listing the sinks there are", () => {
    const results = evaluate(MON03ApplicationLogRetention, (stacks) => {
      const sinks = resources(stacks, "google_logging_project_sink");
      for (const [name, attributes] of Object.entries(sinks))
        if (attributes.name === "application-logs-sink") delete sinks[name];
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^environment prod has no log sink routing application logs \(NOT logName:"cloudaudit\.googleapis\.com"\) to a log bucket; sinks found: google_logging_project_sink\.audit-logs_security-sink_\w+ \(logName="projects\/acme-sec-prod\/logs\/compute\.googleapis\.com%2Fvpc_flows" OR .*\), google_logging_project_sink\.audit-logs_sink_\w+ \(logName:"cloudaudit\.googleapis\.com"\)$/,
      ),
    ]);
  });

  test("a bucket kept 365 days, or without CMEK, fails naming the bucket", () => {
    const long = baselineScope((stacks) => (logBucket(stacks, "application-logs").retention_days = 365));
    expect(failures(MON03ApplicationLogRetention.evaluate(long))).toEqual([
      expect.stringMatching(
        /: application log bucket google_logging_project_bucket_config\.application-logs_bucket_\w+: keeps logs 365 days, not 30$/,
      ),
    ]);
    expectFails(MON03ApplicationLogRetention, long, applicationSink());
    const googleKey = evaluate(
      MON03ApplicationLogRetention,
      (stacks) => delete logBucket(stacks, "application-logs").cmek_settings,
    );
    expect(failures(googleKey)[0]).toMatch(/: no customer-managed key \(cmek_settings\.kms_key_name\)$/);
  });

  test("cmek_settings null (unset: a Google-managed key) fails naming the bucket", () => {
    const scope = baselineScope((stacks) => (logBucket(stacks, "application-logs").cmek_settings = null));
    const [failure] = expectFails(MON03ApplicationLogRetention, scope, applicationSink());
    expect(failure.message).toMatch(/: no customer-managed key \(cmek_settings\.kms_key_name\)$/);
  });

  test("a sink with exclusions fails; a filter known only after apply is unknown", () => {
    const excluded = evaluate(MON03ApplicationLogRetention, (stacks) => {
      sink(stacks, "application-logs-sink").exclusions = [{ name: "debug", filter: "severity<=DEBUG" }];
    });
    expect(failures(excluded)[0]).toMatch(/the application log sink has exclusions/);
    const stacks = environmentStacks("prod");
    const { address } = resourceWith(stacks, "google_logging_project_sink", "name", "application-logs-sink");
    const scope = markUnknown(environmentScope(stacks, "prod"), address, "filter");
    expect(resultFor(MON03ApplicationLogRetention, scope, address).status).toBe("unknown");
  });
});

describe("MON-03 and the security logs left out of the application route", () => {
  const withApplicationFilter = (filter: string) => (stacks: Stacks) => {
    sink(stacks, "application-logs-sink").filter = filter;
  };
  const carveOut = (names: string[]) =>
    `NOT logName:"cloudaudit.googleapis.com" AND NOT (${names
      .map((id) => `logName="projects/acme-sec-prod/logs/${id}"`)
      .join(" OR ")})`;

  test("the plain complement of the audit logs still passes (the security logs are then kept twice)", () => {
    expectPasses(
      MON03ApplicationLogRetention,
      baselineScope(withApplicationFilter('NOT logName:"cloudaudit.googleapis.com"')),
    );
  });

  test("leaving out a log that is not a security log fails, naming it", () => {
    const scope = baselineScope(
      withApplicationFilter(carveOut(["requests", "run.googleapis.com%2Frequests"])),
    );
    const [failure] = expectFails(MON03ApplicationLogRetention, scope, applicationSink());
    expect(failure.message).toMatch(
      /leaves out run\.googleapis\.com%2Frequests, which is not a security log$/,
    );
  });

  test("leaving out a security log that no sink keeps 400 days fails: it would be kept nowhere", () => {
    const scope = baselineScope((stacks) => {
      sink(stacks, "audit-logs-security-sink").filter = 'logName="projects/acme-sec-prod/logs/requests"';
    });
    const [failure] = expectFails(MON03ApplicationLogRetention, scope, applicationSink());
    expect(failure.message).toMatch(
      /: leaves out compute\.googleapis\.com%2Fvpc_flows, which no other sink keeps 400 days or more; /,
    );
  });
});
