import type { Result } from "../../policies/control";
import { MON_CONTROLS } from "../../policies/controls/mon";
import { MON03ApplicationLogRetention } from "../../policies/controls/mon/MON-03-application-log-retention";
import { MON01AuditConfig } from "../../policies/controls/mon/MON-01-audit-config";
import { MON02AuditLogBucket } from "../../policies/controls/mon/MON-02-audit-log-bucket";
import { MON06MirroringCollector } from "../../policies/controls/mon/MON-06-mirroring-collector";
import { MON05MirroringCoverage } from "../../policies/controls/mon/MON-05-mirroring-coverage";
import { MON07SecurityAlerts } from "../../policies/controls/mon/MON-07-security-alerts";
import { MON04WazuhPrivate } from "../../policies/controls/mon/MON-04-wazuh-private";
import { expectWellFormed, markUnknown, resultFor, run } from "../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../support/environment";
import type { Attributes, TerraformJson } from "../support/synth";

type Stacks = Record<string, TerraformJson>;

/** Every MON result on an environment of the default baseline after `change` edits its stacks. */
function evaluate(
  control: (typeof MON_CONTROLS)[number],
  change: (stacks: Stacks) => void = () => {},
  env = "prod",
) {
  const stacks = environmentStacks(env);
  change(stacks);
  return control.evaluate(environmentScope(stacks, env));
}

const failures = (results: Result[]) => results.filter((r) => r.status === "fail").map((r) => r.message);

/** The resources of a type in the prod monitoring (or another) stack, by logical name. */
function resources(stacks: Stacks, type: string, stack = "prod-monitoring"): Record<string, Attributes> {
  return stacks[stack].resource![type];
}

/** The prod monitoring stack's log sink of that name. */
function sink(stacks: Stacks, name: string): Attributes {
  return resourceWith(stacks, "google_logging_project_sink", "name", name).attributes;
}

/** The prod monitoring stack's log bucket of that bucket_id. */
function logBucket(stacks: Stacks, bucketId: string): Attributes {
  return resourceWith(stacks, "google_logging_project_bucket_config", "bucket_id", bucketId).attributes;
}

function one(stacks: Stacks, type: string, stack = "prod-monitoring"): Attributes {
  const all = Object.values(resources(stacks, type, stack));
  expect(all).toHaveLength(1);
  return all[0];
}

describe("MON controls", () => {
  test("are well formed, numbered in order, with confirmed references only", () => {
    expectWellFormed(MON_CONTROLS, "MON");
    expect(MON01AuditConfig.references).toEqual({
      cis: ["2.1"],
      checkov: ["CKV2_GCP_8"],
      trivy: ["AVD-GCP-0079"],
    });
  });

  test.each(["staging", "prod"])(
    "all pass on the synthesized %s stacks (monitoring, foundation, network together)",
    (env) => {
      for (const control of MON_CONTROLS) {
        const results = evaluate(control, () => {}, env);
        expect(results.length).toBeGreaterThan(0);
        expect(results.filter((r) => !["pass", "not-applicable"].includes(r.status))).toEqual([]);
      }
    },
  );
});

describe("MON-01 audit config", () => {
  const auditTarget = { type: "google_project_iam_audit_config", key: "service", value: "allServices" };

  test("removing DATA_READ fails, naming it", () => {
    const results = evaluate(MON01AuditConfig, (stacks) => {
      const { attributes } = resourceWith(stacks, auditTarget.type, auditTarget.key, auditTarget.value);
      attributes.audit_log_config = attributes.audit_log_config.filter(
        (c: Attributes) => c.log_type !== "DATA_READ",
      );
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^google_project_iam_audit_config\.\S+: allServices audit config: missing log type DATA_READ$/,
      ),
    ]);
  });

  test("an exempted member fails, naming the member", () => {
    const results = evaluate(MON01AuditConfig, (stacks) => {
      const { attributes } = resourceWith(stacks, auditTarget.type, auditTarget.key, auditTarget.value);
      attributes.audit_log_config[0].exempted_members = ["user:ops@example.com"];
    });
    expect(failures(results)[0]).toMatch(/exempted members \(ADMIN_READ: user:ops@example.com\)$/);
  });

  test("a service's own audit config exempting a member fails: Google unions it with allServices", () => {
    const results = evaluate(MON01AuditConfig, (stacks) => {
      stacks["prod-foundation"].resource!.google_project_iam_audit_config.storage = {
        project: "p",
        service: "storage.googleapis.com",
        audit_log_config: [{ log_type: "DATA_READ", exempted_members: ["user:ops@example.com"] }],
      };
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^google_project_iam_audit_config\.storage: storage\.googleapis\.com audit config exempts/,
      ),
    ]);
  });

  test("exempted members set from an expression are unknown, not passed", () => {
    const stacks = environmentStacks("prod");
    const { attributes, address } = resourceWith(
      stacks,
      auditTarget.type,
      auditTarget.key,
      auditTarget.value,
    );
    attributes.audit_log_config[0].exempted_members = "${var.exempt}";
    expect(resultFor(MON01AuditConfig, environmentScope(stacks, "prod"), address).status).toBe("unknown");
  });

  test("an audit config whose count is an expression is unknown, unless another is always created", () => {
    const stacks = environmentStacks("prod");
    const { attributes, address } = resourceWith(
      stacks,
      auditTarget.type,
      auditTarget.key,
      auditTarget.value,
    );
    attributes.count = "${var.audit ? 1 : 0}";
    const result = resultFor(MON01AuditConfig, environmentScope(stacks, "prod"), address);
    expect([result.status, result.message]).toEqual(["unknown", expect.stringContaining("exists only if")]);
    const configs = stacks["prod-foundation"].resource!.google_project_iam_audit_config;
    configs.always = { ...attributes, count: 1 };
    const statuses = MON01AuditConfig.evaluate(environmentScope(stacks, "prod")).map((r) => r.status);
    expect(statuses).toEqual(["pass", "pass"]);
  });

  test("no audit config at all fails at project level", () => {
    const results = evaluate(
      MON01AuditConfig,
      (stacks) => delete stacks["prod-foundation"].resource!.google_project_iam_audit_config,
    );
    expect(results.map((r) => [r.resource, r.status, r.message])).toEqual([
      [
        undefined,
        "fail",
        "environment prod has no google_project_iam_audit_config for allServices: ADMIN_READ, DATA_READ, DATA_WRITE are not recorded",
      ],
    ]);
  });

  test("log types known only after apply are unknown", () => {
    const stacks = environmentStacks("prod");
    const { address } = resourceWith(stacks, auditTarget.type, auditTarget.key, auditTarget.value);
    const scope = markUnknown(environmentScope(stacks, "prod"), address, "audit_log_config.0.log_type");
    expect(resultFor(MON01AuditConfig, scope, address).status).toBe("unknown");
  });
});

describe("MON-02 audit log bucket", () => {
  const auditBucket = (stacks: Stacks) => logBucket(stacks, "audit-logs");

  test("an unlocked bucket fails in prod and passes in staging", () => {
    expect(failures(evaluate(MON02AuditLogBucket, (stacks) => (auditBucket(stacks).locked = false)))).toEqual(
      [expect.stringMatching(/: audit log bucket \S+: retention not locked in production environment prod$/)],
    );
    expect(run(MON02AuditLogBucket, environmentScope(environmentStacks("staging"), "staging"))).toEqual([
      expect.stringMatching(/^google_logging_project_sink\.\S+: pass$/),
    ]);
  });

  test("short retention and a Google-managed key fail, each named", () => {
    const messages = failures(
      evaluate(MON02AuditLogBucket, (stacks) => {
        auditBucket(stacks).retention_days = 90;
        delete auditBucket(stacks).cmek_settings;
      }),
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /no customer-managed key \(cmek_settings\.kms_key_name\); retention 90 days, below 400$/,
      ),
    ]);
  });

  test("a sink whose count is an expression is unknown: it may route nothing", () => {
    const results = evaluate(MON02AuditLogBucket, (stacks) => {
      sink(stacks, "audit-logs-sink").count = "${var.audit ? 1 : 0}";
    });
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });

  test("a sink that drops some audit entries, or none at all, fails", () => {
    const narrowed = evaluate(MON02AuditLogBucket, (stacks) => {
      sink(stacks, "audit-logs-sink").filter = 'logName:"cloudaudit.googleapis.com%2Factivity"';
    });
    expect(failures(narrowed)[0]).toMatch(/^environment prod has no log sink routing every audit log/);
    const excluded = evaluate(MON02AuditLogBucket, (stacks) => {
      sink(stacks, "audit-logs-sink").exclusions = [{ name: "reads", filter: "DATA_READ" }];
    });
    expect(failures(excluded)[0]).toMatch(/the audit log sink has exclusions/);
  });
});

describe("MON-03 application log retention", () => {
  const EXCLUSION = "google_logging_project_exclusion";
  const removeExclusion = (stacks: Stacks) => delete stacks["prod-monitoring"].resource![EXCLUSION];

  test("the baseline passes on the application sink (CMEK, 30 days) and on the _Default exclusion", () => {
    expect(evaluate(MON03ApplicationLogRetention).map((r) => [r.status, r.message])).toEqual([
      [
        "pass",
        expect.stringMatching(
          /^google_logging_project_sink\.application-logs_sink_\w+: application logs go to google_logging_project_bucket_config\.application-logs_bucket_\w+: CMEK, kept 30 days, then purged$/,
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
    expect(failures(evaluate(MON03ApplicationLogRetention, removeExclusion))).toEqual([
      "environment prod lets the _Default sink keep a second copy of application logs: no enabled " +
        "google_logging_project_exclusion with filter logName:*, and no _Default bucket kept at most 30 days",
    ]);
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
    expect(failures(evaluate(MON03ApplicationLogRetention, withDefault(90)))).toEqual([
      expect.stringMatching(
        /; found: google_logging_project_bucket_config\.default: _Default keeps its copy 90 days$/,
      ),
    ]);
  });

  test("without the application log sink it fails at project level, listing the sinks there are", () => {
    const results = evaluate(MON03ApplicationLogRetention, (stacks) => {
      const sinks = resources(stacks, "google_logging_project_sink");
      for (const [name, attributes] of Object.entries(sinks))
        if (attributes.name === "application-logs-sink") delete sinks[name];
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^environment prod has no log sink routing application logs \(NOT logName:"cloudaudit\.googleapis\.com"\) to a log bucket; sinks found: google_logging_project_sink\.audit-logs_sink_\w+ \(logName:"cloudaudit\.googleapis\.com"\)$/,
      ),
    ]);
  });

  test("a bucket kept 365 days, or without CMEK, fails naming the bucket", () => {
    const long = evaluate(
      MON03ApplicationLogRetention,
      (stacks) => (logBucket(stacks, "application-logs").retention_days = 365),
    );
    expect(failures(long)).toEqual([
      expect.stringMatching(
        /: application log bucket google_logging_project_bucket_config\.application-logs_bucket_\w+: keeps logs 365 days, not 30$/,
      ),
    ]);
    const googleKey = evaluate(
      MON03ApplicationLogRetention,
      (stacks) => delete logBucket(stacks, "application-logs").cmek_settings,
    );
    expect(failures(googleKey)[0]).toMatch(/: no customer-managed key \(cmek_settings\.kms_key_name\)$/);
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

describe("MON-04 Wazuh manager private", () => {
  const agentsRule = (stacks: Stacks) =>
    Object.values(resources(stacks, "google_compute_firewall")).find(
      (r) => r.name === "acme-prod-wazuh-agents",
    )!;

  test("agent ports open to 0.0.0.0/0 or to a range outside the VPC fail, naming the range", () => {
    for (const range of ["0.0.0.0/0", "192.168.0.0/16"]) {
      const messages = failures(
        evaluate(MON04WazuhPrivate, (stacks) => agentsRule(stacks).source_ranges.push(range)),
      );
      expect(messages).toEqual([
        expect.stringMatching(
          new RegExp(
            `google_compute_firewall\\.\\S+ opens agent ports 1514/1515 to ${range.replace(/\./g, "\\.")}, outside the VPC's subnets$`,
          ),
        ),
      ]);
    }
  });

  test("a manager whose count is an expression is unknown: the environment may have none", () => {
    const results = evaluate(MON04WazuhPrivate, (stacks) => {
      const [manager] = Object.values(resources(stacks, "google_compute_instance"));
      manager.count = "${var.siem ? 1 : 0}";
    });
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });

  test("agent ports open by a rule naming no source (Google applies 0.0.0.0/0) fail", () => {
    const results = evaluate(MON04WazuhPrivate, (stacks) => delete agentsRule(stacks).source_ranges);
    expect(failures(results)).toEqual([
      expect.stringMatching(/opens agent ports 1514\/1515 to 0\.0\.0\.0\/0/),
    ]);
  });

  test("an external IP, or admin ports open to the VPC, fail", () => {
    const external = evaluate(MON04WazuhPrivate, (stacks) => {
      one(stacks, "google_compute_instance").network_interface[0].access_config = [{}];
    });
    expect(failures(external)[0]).toMatch(/has an external IP \(access_config\)/);
    const admin = evaluate(MON04WazuhPrivate, (stacks) => {
      const rule = Object.values(resources(stacks, "google_compute_firewall")).find(
        (r) => r.name === "acme-prod-wazuh-iap-admin",
      )!;
      rule.source_ranges = ["10.20.0.0/20"];
    });
    expect(failures(admin)[0]).toMatch(
      /opens the dashboard\/API \(443\/55000\) to 10\.20\.0\.0\/20, not only IAP 35\.235\.240\.0\/20$/,
    );
  });

  test("an environment without a manager fails at project level", () => {
    const results = evaluate(
      MON04WazuhPrivate,
      (stacks) => delete stacks["prod-monitoring"].resource!.google_compute_instance,
    );
    expect(failures(results)).toEqual([
      "environment prod has no Wazuh manager (no instance tagged wazuh-manager)",
    ]);
  });
});

describe("MON-05 packet mirroring coverage", () => {
  test("removing a subnet from the mirroring policy fails, naming the subnet", () => {
    const results = evaluate(MON05MirroringCoverage, (stacks) => {
      const policy = one(stacks, "google_compute_packet_mirroring");
      policy.mirrored_resources.subnetworks = policy.mirrored_resources.subnetworks.filter(
        (s: Attributes) => !String(s.url).includes("subnet-data"),
      );
    });
    expect(failures(results)).toEqual([
      "google_compute_subnetwork.vpc_subnet-data_EFD38E45: subnet acme-prod-data is not mirrored by any packet-mirroring " +
        "policy (policies: google_compute_packet_mirroring.zeek_mirroring_E288EE30)",
    ]);
  });

  test("a subnet added to the network without mirroring fails, naming it", () => {
    const results = evaluate(MON05MirroringCoverage, (stacks) => {
      const subnets = resources(stacks, "google_compute_subnetwork", "prod-network");
      subnets.batch = {
        ...subnets["vpc_subnet-app_D01642CB"],
        name: "acme-prod-batch",
        ip_cidr_range: "10.20.40.0/24",
      };
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^google_compute_subnetwork\.batch: subnet acme-prod-batch is not mirrored by any packet-mirroring policy/,
      ),
    ]);
  });

  test("mirroring one direction only fails as partial", () => {
    const results = evaluate(
      MON05MirroringCoverage,
      (stacks) => (one(stacks, "google_compute_packet_mirroring").filter.direction = "INGRESS"),
    );
    expect(failures(results)).toHaveLength(3);
    expect(failures(results)[0]).toMatch(/is only partly mirrored \(\S+: direction INGRESS only\)$/);
  });
});

describe("MON-06 mirroring collector", () => {
  test("a collector without is_mirroring_collector fails, naming the forwarding rule", () => {
    const results = evaluate(
      MON06MirroringCollector,
      (stacks) => delete one(stacks, "google_compute_forwarding_rule").is_mirroring_collector,
    );
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /: google_compute_forwarding_rule\.\S+ is not a mirroring collector \(is_mirroring_collector unset\)$/,
      ),
    ]);
  });

  test("no packet-mirroring policy is not applicable (MON-05 reports the uncovered subnets)", () => {
    const results = evaluate(
      MON06MirroringCollector,
      (stacks) => delete stacks["prod-monitoring"].resource!.google_compute_packet_mirroring,
    );
    expect(results.map((r) => r.status)).toEqual(["not-applicable"]);
  });
});

describe("MON-07 security alerts", () => {
  const policyFor = (stacks: Stacks, metric: string) =>
    Object.entries(resources(stacks, "google_monitoring_alert_policy")).find(([name]) =>
      name.startsWith(`alert-${metric}_`),
    )!;

  test("removing one alert policy fails, naming the event and its metric", () => {
    const results = evaluate(MON07SecurityAlerts, (stacks) => {
      const [name] = policyFor(stacks, "cis-2-7-firewall-rule-changes");
      delete resources(stacks, "google_monitoring_alert_policy")[name];
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(
        /^CIS 2\.7 VPC firewall rule changes: no enabled alert policy uses metric google_logging_metric\.alert-cis-2-7-firewall-rule-changes_metric_\w+$/,
      ),
    ]);
  });

  test("a policy without notification channels, or disabled, fails", () => {
    const silent = evaluate(
      MON07SecurityAlerts,
      (stacks) => delete policyFor(stacks, "kms-key-version-destroy-scheduled")[1].notification_channels,
    );
    expect(failures(silent)).toEqual([
      expect.stringMatching(
        /^KMS key version destruction scheduled: alert policy \S+ has no notification channel$/,
      ),
    ]);
    const disabled = evaluate(
      MON07SecurityAlerts,
      (stacks) => (policyFor(stacks, "cis-2-4-project-ownership-changes")[1].enabled = false),
    );
    expect(failures(disabled)[0]).toMatch(
      /^CIS 2\.4 project ownership changes: no enabled alert policy uses metric/,
    );
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
});
