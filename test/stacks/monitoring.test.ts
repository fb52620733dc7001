import { shellcheck } from "../support/shellcheck";
import { vaultServiceAccountEmail } from "../../constructs/mon/wazuh/agent";
import {
  type Attributes,
  attributesOf,
  configFromYaml,
  defaultConfig,
  normalise,
  synthStack,
} from "../support/synth";
import { editBaseline } from "../support/baseline-text";

const NETWORK_OUTPUTS =
  "${data.terraform_remote_state.cross-stack-reference-input-prod-network.outputs.cross-stack-output-";

function only(stack: Attributes, type: string): Attributes {
  const all = attributesOf(stack, type);
  expect(all).toHaveLength(1);
  return all[0];
}

describe("monitoring stack", () => {
  const stack = synthStack("prod-monitoring");

  test("every boot script passes shellcheck and holds no Terraform template syntax", () => {
    const scripts = [
      only(stack, "google_compute_instance").metadata["startup-script"],
      only(stack, "google_compute_instance_template").metadata_startup_script,
    ];
    for (const script of scripts) {
      expect(shellcheck(script)).toEqual([]);
      expect(script).not.toMatch(/[$%]\{/);
    }
    expect(scripts[1]).toContain("WAZUH_MANAGER='acme-prod-wazuh.europe-west2-b.c.acme-sec-prod.internal'");
  });

  test("the manager sits where its DNS name says, in the monitoring subnet, agents allowed from every VM subnet", () => {
    expect(only(stack, "google_compute_instance")).toMatchObject({
      name: "acme-prod-wazuh",
      zone: "europe-west2-b",
      network_interface: [
        { subnetwork: `${NETWORK_OUTPUTS}google_compute_subnetworkvpc_subnet-monitoring_FE297175id}` },
      ],
    });
    const agents = attributesOf(stack, "google_compute_firewall").find(
      (r) => r.name === "acme-prod-wazuh-agents",
    );
    expect(agents?.source_ranges).toEqual([
      "10.20.0.0/20",
      "10.20.16.0/24",
      "10.20.17.0/24",
      "10.20.18.0/24",
    ]);
  });

  test("the manager's boot script is startup-script metadata (changes apply in place, not by replacing the VM)", () => {
    const manager = only(stack, "google_compute_instance");
    expect(manager.metadata_startup_script).toBeUndefined();
    expect(manager.metadata["startup-script"]).toContain("readonly PACKAGE_VERSION=4.12.0-1");
    expect(manager.deletion_protection).toBe(true);
  });

  test("only the manager (read, add) and the agents' accounts (read) may touch the enrolment password", () => {
    const secret = only(stack, "google_secret_manager_secret");
    expect(secret.secret_id).toBe("wazuh-enrolment-password");
    expect(secret.replication.user_managed.replicas[0].customer_managed_encryption.kms_key_name).toMatch(
      /google_kms_crypto_keystorage-primary_key_\w+id\}$/,
    );
    const account = (name: string) =>
      `\${google_service_account.${Object.keys(stack.resource!.google_service_account).find((k) => k.startsWith(name))}.member}`;
    const bindings = attributesOf(stack, "google_secret_manager_secret_iam_member").map(
      (b) => `${b.role} ${b.member}`,
    );
    expect(bindings.sort()).toEqual(
      [
        `roles/secretmanager.secretAccessor ${account("wazuh_sa_account")}`,
        `roles/secretmanager.secretVersionAdder ${account("wazuh_sa_account")}`,
        `roles/secretmanager.secretAccessor ${account("zeek_sa_account")}`,
        `roles/secretmanager.secretAccessor serviceAccount:${vaultServiceAccountEmail(defaultConfig().environments[1])}`,
      ].sort(),
    );
    // The Vault nodes' account named there is the one the vault stack declares.
    const vault = only(synthStack("prod-vault"), "google_service_account");
    expect(`${vault.account_id}@${vault.project}.iam.gserviceaccount.com`).toBe(
      vaultServiceAccountEmail(defaultConfig().environments[1]),
    );
  });

  test("mirrors the configured subnets of the network stack through cross-stack references", () => {
    const subnets = only(stack, "google_compute_packet_mirroring").mirrored_resources.subnetworks;
    expect(subnets.map((s: Attributes) => s.url)).toEqual(
      ["app_D01642CB", "vault_A4B563C9", "data_EFD38E45"].map(
        (id) => `${NETWORK_OUTPUTS}google_compute_subnetworkvpc_subnet-${id}id}`,
      ),
    );
  });

  test("audit logs: the primary-region logs key, 400 days, locked in prod and not in staging", () => {
    const audit = (name: string) =>
      attributesOf(synthStack(name), "google_logging_project_bucket_config").find(
        (b) => b.bucket_id === "audit-logs",
      );
    expect(audit("prod-monitoring")).toMatchObject({
      location: "europe-west2",
      retention_days: 400,
      locked: true,
    });
    expect(audit("prod-monitoring")?.cmek_settings.kms_key_name).toMatch(
      /google_kms_crypto_keylogs-primary_key_\w+id\}$/,
    );
    expect(audit("staging-monitoring")).toMatchObject({ locked: false });
  });

  test("application logs: a regional CMEK bucket kept 30 days, their sink (security logs left to the audit bucket), and _Default excluded", () => {
    expect(
      attributesOf(stack, "google_logging_project_bucket_config").find(
        (b) => b.bucket_id === "application-logs",
      ),
    ).toMatchObject({
      location: "europe-west2",
      retention_days: 30,
      locked: false,
      cmek_settings: {
        kms_key_name: expect.stringMatching(/google_kms_crypto_keylogs-primary_key_\w+id\}$/),
      },
    });
    const security = [
      "compute.googleapis.com%2Fvpc_flows",
      "compute.googleapis.com%2Ffirewall",
      "compute.googleapis.com%2Fnat_flows",
      "dns.googleapis.com%2Fdns_queries",
      "requests",
      "cloudsql.googleapis.com%2Fpostgres.log",
      "vault_audit",
      "vault_audit_fallback",
    ]
      .map((id) => `logName="projects/acme-sec-prod/logs/${id}"`)
      .join(" OR ");
    expect(attributesOf(stack, "google_logging_project_sink").map((s) => [s.name, s.filter])).toEqual([
      ["application-logs-sink", `NOT logName:"cloudaudit.googleapis.com" AND NOT (${security})`],
      ["audit-logs-security-sink", security],
      ["audit-logs-sink", 'logName:"cloudaudit.googleapis.com"'],
    ]);
    expect(only(stack, "google_logging_project_exclusion").filter).toBe("logName:*");
    expect(attributesOf(stack, "google_logging_project_bucket_config").map((b) => b.bucket_id)).not.toContain(
      "_Default",
    );
  });

  test("one metric and one alert policy per security event, all notifying the configured e-mail", () => {
    // Besides the Wazuh archive's two metrics and two alerts (tested below).
    const archive = (name: unknown) =>
      String(name).startsWith("wazuh-archive-") || /^Wazuh archive /.test(String(name));
    expect(attributesOf(stack, "google_logging_metric").filter((m) => !archive(m.name))).toHaveLength(9);
    // Besides the two uptime alerts (one per public domain, tested below).
    const policies = attributesOf(stack, "google_monitoring_alert_policy").filter(
      (p) =>
        !String(p.display_name).endsWith("unreachable over HTTPS") &&
        !archive(p.display_name) &&
        p.display_name !== "Security Command Center finding",
    );
    expect(policies).toHaveLength(9);
    for (const policy of policies) expect(policy.notification_channels).toHaveLength(1);
    expect(only(stack, "google_monitoring_notification_channel").labels).toEqual({
      email_address: "security-alerts@example.com",
    });
  });

  test("the manager archives into the backup bucket as the backup stack's Wazuh writer, whose tokens only it may mint", () => {
    const backup = synthStack("prod-backup");
    const manager = only(stack, "google_compute_instance");
    const bucket = attributesOf(backup, "google_storage_bucket").find((b) => b.labels?.purpose === "backups");
    const writer = attributesOf(backup, "google_service_account").find(
      (a) => a.account_id === "wazuh-archive-writer",
    );
    expect([bucket?.name, writer?.project]).toEqual(["acme-sec-prod-backups", "acme-sec-prod"]);
    // The job's declaration: the same literal names the backup stack declares (no cross-stack reference).
    expect(manager.metadata).toMatchObject({
      "backup-job-name": "wazuh-archive",
      "backup-job-schedule": "*-*-* 01:30:00 UTC",
      "backup-job-bucket": bucket!.name,
      "backup-job-prefix": "wazuh/",
      "backup-job-writer": `${writer!.account_id}@${writer!.project}.iam.gserviceaccount.com`,
    });
    // Token creation on the writer account only, for the manager's own account; nothing project-wide.
    expect(attributesOf(stack, "google_service_account_iam_member").map(normalise)).toEqual([
      {
        service_account_id:
          "projects/acme-sec-prod/serviceAccounts/wazuh-archive-writer@acme-sec-prod.iam.gserviceaccount.com",
        role: "roles/iam.serviceAccountTokenCreator",
        member: manager.service_account.email.replace(/\.email\}$/, ".member}"),
      },
    ]);
    expect(new Set(attributesOf(stack, "google_project_iam_member").map((g) => g.role))).toEqual(
      new Set(["roles/logging.logWriter"]),
    );
    const script = manager.metadata["startup-script"] as string;
    expect(script).toContain("systemctl enable --now wazuh-archive.timer");
    expect(script).toContain("OnCalendar=$archive_schedule\nPersistent=true");
  });

  test("alerts when an archive run fails and when none has succeeded for 2 days, from the job's own log", () => {
    const metrics = attributesOf(stack, "google_logging_metric").filter((m) =>
      String(m.name).startsWith("wazuh-archive-"),
    );
    const ours =
      '(logName="projects/acme-sec-prod/logs/wazuh-archive") AND (jsonPayload.job="wazuh-archive")';
    expect(Object.fromEntries(metrics.map((m) => [m.name, m.filter]))).toEqual({
      "wazuh-archive-succeeded": `${ours} AND (jsonPayload.result="success")`,
      "wazuh-archive-failed": `${ours} AND (severity>=ERROR)`,
    });
    const policies = attributesOf(stack, "google_monitoring_alert_policy").filter((p) =>
      String(p.display_name).startsWith("Wazuh archive "),
    );
    expect(policies.map((p) => p.display_name).sort()).toEqual([
      "Wazuh archive failed",
      "Wazuh archive overdue",
    ]);
    for (const policy of policies) expect(policy.notification_channels).toHaveLength(1);
    const overdue = policies.find((p) => p.display_name === "Wazuh archive overdue")!;
    expect(overdue.conditions[0].condition_prometheus_query_language.query).toBe(
      "(sum(increase(logging_googleapis_com:user_wazuh_archive_succeeded[2d])) or vector(0)) < 1",
    );
  });

  test("with monitoring disabled, audit and application logs and alerts remain but Wazuh, Zeek and mirroring go", () => {
    const { text } = editBaseline("      auditLogLocked: true", "      enabled: false");
    const disabled = synthStack("prod-monitoring", configFromYaml(text));
    expect(Object.keys(disabled.resource ?? {}).sort()).toEqual([
      "google_logging_metric",
      "google_logging_project_bucket_config",
      "google_logging_project_exclusion",
      "google_logging_project_sink",
      "google_monitoring_alert_policy",
      "google_monitoring_notification_channel",
      "google_monitoring_uptime_check_config",
      // SCC findings (enabled in prod) are routed whether or not Wazuh and Zeek run.
      "google_pubsub_subscription",
      "google_pubsub_topic",
      "google_scc_v2_project_notification_config",
      "time_sleep",
    ]);
  });

  test("an HTTPS uptime check (certificate validated) and an alert on each public domain of the edge", () => {
    const checks = attributesOf(stack, "google_monitoring_uptime_check_config");
    expect(checks.map((c) => c.monitored_resource.labels.host)).toEqual([
      "app.example.com",
      "www.example.com",
    ]);
    for (const check of checks) {
      expect(check.http_check).toMatchObject({ use_ssl: true, validate_ssl: true, port: 443, path: "/" });
    }
    const uptimeAlerts = attributesOf(stack, "google_monitoring_alert_policy").filter((p) =>
      String(p.display_name).endsWith("unreachable over HTTPS"),
    );
    expect(uptimeAlerts).toHaveLength(2);
    for (const policy of uptimeAlerts) {
      expect(policy.notification_channels).toHaveLength(1);
      expect(policy.conditions.map((c: Attributes) => c.condition_threshold.filter)).toEqual([
        expect.stringMatching(
          /uptime_check\/check_passed".*check_id="\$\{google_monitoring_uptime_check_config\./,
        ),
        expect.stringMatching(/uptime_check\/time_until_ssl_cert_expires"/),
      ]);
    }
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
