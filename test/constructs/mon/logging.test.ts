import {
  ALL_AUDIT_LOGS_FILTER,
  AuditLogBucket,
  type AuditLogBucketProps,
} from "../../../constructs/mon/logging/audit-log-bucket";
import {
  ALL_LOGS_FILTER,
  ApplicationLogBucket,
  NON_AUDIT_LOGS_FILTER,
  applicationLogsFilter,
} from "../../../constructs/mon/logging/application-log-bucket";
import { SECURITY_LOGS, securityLogsFilter } from "../../../constructs/mon/logging/security-logs";
import {
  VAULT_AUDIT_FALLBACK_LOG_ID,
  VAULT_AUDIT_LOG_ID,
  renderOpsAgentConfig,
} from "../../../constructs/sec/vault/ops-agent";
import { LOG_METRIC_PROPAGATION, LogMetricAlert } from "../../../constructs/mon/logging/log-metric-alert";
import { NotificationChannels } from "../../../constructs/mon/logging/notification-channels";
import { SECURITY_ALERTS } from "../../../constructs/mon/logging/security-alerts";
import { type Attributes, attributesOf, resourcesOf, synthBaseline, synthScope } from "../../support/synth";
import { declaredKey, expectUsedBarePasses } from "../used-bare";

const KEY = "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/logs";
const AUDIT: AuditLogBucketProps = {
  project: "acme-sec-prod",
  location: "europe-west2",
  bucketId: "audit-logs",
  kmsKey: KEY,
};

describe("AuditLogBucket", () => {
  test("used bare: CMEK, 400 days, locked, and a sink of every audit log into it", () => {
    const json = synthScope((stack) => new AuditLogBucket(stack, "audit", AUDIT));
    expect(attributesOf(json, "google_logging_project_bucket_config")).toEqual([
      expect.objectContaining({
        bucket_id: "audit-logs",
        location: "europe-west2",
        retention_days: 400,
        locked: true,
        cmek_settings: { kms_key_name: KEY },
      }),
    ]);
    const sinks = attributesOf(json, "google_logging_project_sink");
    const sink = sinks.find((s) => s.name === "audit-logs-sink")!;
    const securitySink = sinks.find((s) => s.name === "audit-logs-security-sink")!;
    expect(sinks).toHaveLength(2);
    expect(sink.filter).toBe('logName:"cloudaudit.googleapis.com"');
    expect(sink.destination).toMatch(
      /^logging\.googleapis\.com\/\$\{google_logging_project_bucket_config\.audit_bucket_\w+\.id\}$/,
    );
    expect(sink.exclusions).toBeUndefined();
    // The security logs that are not Cloud Audit Logs, each by its exact name, into the same bucket.
    expect(securitySink).toMatchObject({ name: "audit-logs-security-sink", destination: sink.destination });
    expect(securitySink.exclusions).toBeUndefined();
    expect(String(securitySink.filter).split(" OR ")).toEqual([
      'logName="projects/acme-sec-prod/logs/compute.googleapis.com%2Fvpc_flows"',
      'logName="projects/acme-sec-prod/logs/compute.googleapis.com%2Ffirewall"',
      'logName="projects/acme-sec-prod/logs/compute.googleapis.com%2Fnat_flows"',
      'logName="projects/acme-sec-prod/logs/dns.googleapis.com%2Fdns_queries"',
      'logName="projects/acme-sec-prod/logs/requests"',
      'logName="projects/acme-sec-prod/logs/cloudsql.googleapis.com%2Fpostgres.log"',
      'logName="projects/acme-sec-prod/logs/vault_audit"',
      'logName="projects/acme-sec-prod/logs/vault_audit_fallback"',
    ]);
  });

  test("the Vault audit log is named after the Ops Agent receiver that ships it", () => {
    const config = renderOpsAgentConfig("/var/log/vault/audit.log", "/var/log/vault/audit-fallback.log");
    expect(config).toContain(`    ${VAULT_AUDIT_LOG_ID}:\n`);
    expect(config).toContain(`    ${VAULT_AUDIT_FALLBACK_LOG_ID}:\n`);
    expect(SECURITY_LOGS.map((log) => log.logId)).toContain(VAULT_AUDIT_FALLBACK_LOG_ID);
    expect(SECURITY_LOGS.map((log) => log.logId)).toContain(VAULT_AUDIT_LOG_ID);
    expect(() => securityLogsFilter("p", [])).toThrow("at least one log is required");
  });

  test("staying unlocked is an explicit choice, and retention cannot drop below 400 days", () => {
    const json = synthScope(
      (stack) => new AuditLogBucket(stack, "audit", { ...AUDIT, locked: false, retentionDays: 730 }),
    );
    expect(attributesOf(json, "google_logging_project_bucket_config")[0]).toMatchObject({
      locked: false,
      retention_days: 730,
    });
    expect(() =>
      synthScope((stack) => new AuditLogBucket(stack, "audit", { ...AUDIT, retentionDays: 90 })),
    ).toThrow("AuditLogBucket audit-logs: retentionDays must be at least 400, got 90");
    expect(ALL_AUDIT_LOGS_FILTER).toBe('logName:"cloudaudit.googleapis.com"');
  });
});

describe("ApplicationLogBucket", () => {
  const json = synthScope((stack) => {
    const auditLogs = new AuditLogBucket(stack, "audit", AUDIT);
    new ApplicationLogBucket(stack, "app", {
      project: "acme-sec-prod",
      location: "europe-west2",
      bucketId: "application-logs",
      kmsKey: KEY,
      retentionDays: 30,
      auditLogs,
    });
  });
  const bucketRef =
    /^logging\.googleapis\.com\/\$\{google_logging_project_bucket_config\.app_bucket_\w+\.id\}$/;

  test("a regional CMEK bucket kept the given days, not locked, fed every non-audit, non-security entry", () => {
    expect(attributesOf(json, "google_logging_project_bucket_config")).toContainEqual(
      expect.objectContaining({
        bucket_id: "application-logs",
        location: "europe-west2",
        retention_days: 30,
        locked: false,
        cmek_settings: { kms_key_name: KEY },
      }),
    );
    const sink = attributesOf(json, "google_logging_project_sink").find(
      (s) => s.name === "application-logs-sink",
    );
    const security = securityLogsFilter("acme-sec-prod");
    expect(sink).toMatchObject({ filter: `NOT logName:"cloudaudit.googleapis.com" AND NOT (${security})` });
    expect(applicationLogsFilter(security)).toBe(sink?.filter);
    expect(sink?.destination).toMatch(bucketRef);
    expect(sink?.exclusions).toBeUndefined();
    expect(NON_AUDIT_LOGS_FILTER).toBe(`NOT ${ALL_AUDIT_LOGS_FILTER}`);
  });

  test("excludes every entry from the _Default sink, only once both sinks exist", () => {
    const [exclusion] = attributesOf(json, "google_logging_project_exclusion");
    expect(exclusion).toMatchObject({ project: "acme-sec-prod", filter: "logName:*" });
    expect(exclusion.disabled).toBeUndefined();
    expect(exclusion.depends_on).toEqual([
      expect.stringMatching(/^google_logging_project_sink\.app_sink_\w+$/),
      expect.stringMatching(/^google_logging_project_sink\.audit_sink_\w+$/),
      expect.stringMatching(/^google_logging_project_sink\.audit_security-sink_\w+$/),
    ]);
    expect(ALL_LOGS_FILTER).toBe("logName:*");
    expect(attributesOf(json, "google_logging_project_bucket_config").map((b) => b.bucket_id)).not.toContain(
      "_Default",
    );
  });
});

describe("AuditLogBucket and ApplicationLogBucket used bare", () => {
  // With the logs key declared beside them, as the kms stack declares it: ENC-08 judges only declared keys.
  test("with their key declared, they pass the log routing, retention and log bucket CMEK controls", () => {
    const json = synthScope((stack) => {
      const kmsKey = declaredKey(stack);
      const auditLogs = new AuditLogBucket(stack, "audit", { ...AUDIT, kmsKey });
      new ApplicationLogBucket(stack, "app", {
        project: "acme-sec-prod",
        location: "europe-west2",
        bucketId: "application-logs",
        kmsKey,
        retentionDays: 30,
        auditLogs,
      });
    });
    expectUsedBarePasses(json, ["MON-02", "MON-03", "MON-08", "ENC-08", "ENC-09"]);
  });
});

describe("RoutedLogBucket (the base of both)", () => {
  test("a global bucket is refused (its location is fixed at creation and breaks the location policy)", () => {
    expect(() =>
      synthScope((stack) => new AuditLogBucket(stack, "audit", { ...AUDIT, location: "global" })),
    ).toThrow("audit-logs: a log bucket must be regional, not global");
  });
});

describe("LogMetricAlert and the security alert list", () => {
  const [firewall] = SECURITY_ALERTS.filter((spec) => spec.name === "cis-2-7-firewall-rule-changes");
  const json = synthScope((stack) => {
    const channels = new NotificationChannels(stack, "channels", {
      project: "p",
      channels: [{ type: "email", address: "soc@example.com" }],
    });
    new LogMetricAlert(stack, "firewall", {
      project: "p",
      spec: firewall,
      notificationChannels: channels.ids,
    });
  });

  test("the metric counts the event and the policy fires on the first one, notifying the channel", () => {
    const [metric] = attributesOf(json, "google_logging_metric");
    expect(metric).toMatchObject({
      name: "cis-2-7-firewall-rule-changes",
      filter:
        'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR ' +
        'protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")',
      metric_descriptor: expect.objectContaining({ metric_kind: "DELTA", value_type: "INT64" }),
    });
    const [policy] = attributesOf(json, "google_monitoring_alert_policy");
    const [condition] = policy.conditions;
    expect(condition.condition_threshold).toMatchObject({
      filter: expect.stringMatching(
        /^metric\.type="logging\.googleapis\.com\/user\/\$\{google_logging_metric\.firewall_metric_\w+\.name\}"$/,
      ),
      comparison: "COMPARISON_GT",
      threshold_value: 0,
    });
    expect(policy.notification_channels).toEqual([
      expect.stringMatching(/^\$\{google_monitoring_notification_channel\.channels_channel-0_\w+\.id\}$/),
    ]);
    expect(attributesOf(json, "google_monitoring_notification_channel")).toEqual([
      expect.objectContaining({ type: "email", labels: { email_address: "soc@example.com" } }),
    ]);
  });

  test("the whole list, used bare with one channel, passes the security alert control", () => {
    const all = synthScope((stack) => {
      const channels = new NotificationChannels(stack, "channels", {
        project: "p",
        channels: [{ type: "email", address: "soc@example.com" }],
      });
      for (const spec of SECURITY_ALERTS) {
        new LogMetricAlert(stack, spec.name, { project: "p", spec, notificationChannels: channels.ids });
      }
    });
    expectUsedBarePasses(all, ["MON-07"]);
  });

  test("covers CIS 2.4 to 2.11 and KMS key destruction, each with a unique metric name", () => {
    const names = SECURITY_ALERTS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.startsWith("cis-2-"))).toHaveLength(8);
    expect(names).toContain("kms-key-version-destroy-scheduled");
  });

  test("an alert without a notification channel is refused", () => {
    expect(() =>
      synthScope(
        (stack) => new LogMetricAlert(stack, "x", { project: "p", spec: firewall, notificationChannels: [] }),
      ),
    ).toThrow("LogMetricAlert cis-2-7-firewall-rule-changes: at least one notification channel is required");
  });
});

describe("LogMetricsReady: a first apply creates alert policies only once their log-based metrics exist", () => {
  const USER_METRIC = /logging\.googleapis\.com\/user\/([^"]+)"/;
  /** The metric's name, from the literal or from `${google_logging_metric.<id>.name}`. */
  const metricId = (named: string, metrics: Map<string, string>) =>
    /^\$\{google_logging_metric\.([^.]+)\.name\}$/.exec(named)?.[1] ?? metrics.get(named);
  const stacks = synthBaseline();

  test.each(Object.keys(stacks))(
    "%s: every alert policy on a user log metric waits >= 600 s after that metric",
    (name) => {
      const stack = stacks[name];
      const metrics = new Map(resourcesOf(stack, "google_logging_metric").map(([id, m]) => [m.name, id]));
      const sleeps = new Map(resourcesOf(stack, "time_sleep"));
      for (const [id, policy] of resourcesOf(stack, "google_monitoring_alert_policy")) {
        for (const condition of policy.conditions as Attributes[]) {
          const filter = condition.condition_threshold?.filter ?? condition.condition_absent?.filter;
          const metric = typeof filter === "string" ? USER_METRIC.exec(filter)?.[1] : undefined;
          if (metric === undefined) continue;
          const waits = ((policy.depends_on as string[] | undefined) ?? [])
            .filter((ref) => ref.startsWith("time_sleep."))
            .map((ref) => sleeps.get(ref.slice("time_sleep.".length))!);
          expect({ policy: id, waits: waits.length }).toEqual({ policy: id, waits: 1 });
          expect(parseInt(String(waits[0].create_duration), 10)).toBeGreaterThanOrEqual(600);
          const metricKey = metricId(metric, metrics);
          expect(metricKey).toBeDefined();
          expect(waits[0].depends_on).toContain(`google_logging_metric.${metricKey}`);
          expect(String(waits[0].triggers.metrics).split(",")).toContain(
            resourcesOf(stack, "google_logging_metric").find(([key]) => key === metricKey)![1].name,
          );
        }
      }
      // A stack with a wait declares the time provider it needs.
      if (sleeps.size > 0) expect(Object.keys(stack.provider ?? {})).toContain("time");
    },
  );

  test("one wait per stack, whatever the number of metrics; a policy without it would fail the check", () => {
    const json = synthScope((stack) => {
      for (const spec of SECURITY_ALERTS.slice(0, 3))
        new LogMetricAlert(stack, spec.name, { project: "p", spec, notificationChannels: ["c"] });
    });
    const [[, sleep], ...others] = resourcesOf(json, "time_sleep");
    expect(others).toHaveLength(0);
    expect(sleep.create_duration).toBe(LOG_METRIC_PROPAGATION);
    expect(sleep.depends_on).toHaveLength(3);
    expect(sleep.triggers.metrics).toBe(
      SECURITY_ALERTS.slice(0, 3)
        .map((s) => s.name)
        .sort()
        .join(","),
    );
    for (const [, policy] of resourcesOf(json, "google_monitoring_alert_policy")) {
      expect(policy.depends_on).toEqual([expect.stringMatching(/^time_sleep\.log-metrics-ready_wait_\w+$/)]);
      // No resource.type restriction: the metric's series carry each counted entry's own resource.
      expect(policy.conditions[0].condition_threshold.filter).toMatch(
        /^metric\.type="logging\.googleapis\.com\/user\/[^"]+"$/,
      );
    }
  });
});
