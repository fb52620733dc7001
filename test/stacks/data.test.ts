import { attributesOf, configFromYaml, normalise, synthBaseline, synthStack } from "../support/synth";
import { baselineText } from "../support/baseline-text";

const REMOTE = "data.terraform_remote_state.cross-stack-reference-input-prod";

describe("data stack", () => {
  const stack = synthStack("prod-data");
  const [instance] = attributesOf(stack, "google_sql_database_instance");

  test("is a private PostgreSQL 16 instance on the baseline VPC, inside the reserved private services range", () => {
    expect(instance).toMatchObject({ database_version: "POSTGRES_16", region: "europe-west2" });
    expect(instance.settings.ip_configuration).toMatchObject({
      ipv4_enabled: false,
      ssl_mode: "ENCRYPTED_ONLY",
    });
    expect(instance.settings.ip_configuration.private_network).toContain(`${REMOTE}-network.outputs`);
    expect(instance.settings.ip_configuration.allocated_ip_range).toMatch(
      /^\$\{element\(data\.terraform_remote_state\.cross-stack-reference-input-prod-network\.outputs\..*reserved_peering_ranges, 0\)\}$/,
    );
  });

  test("is encrypted with the primary region's sql key and backs up to the backup region", () => {
    expect(instance.encryption_key_name).toContain(
      `${REMOTE}-kms.outputs.cross-stack-output-google_kms_crypto_keysql-primary`,
    );
    expect(instance.settings.backup_configuration).toMatchObject({
      location: "europe-west1",
      point_in_time_recovery_enabled: true,
      backup_retention_settings: { retained_backups: 30 },
    });
  });

  test("the application's service account is the database user and may connect and log in, nothing more", () => {
    expect(attributesOf(stack, "google_sql_user")).toEqual([
      expect.objectContaining({ type: "CLOUD_IAM_SERVICE_ACCOUNT" }),
    ]);
    const appDb = attributesOf(stack, "google_project_iam_member").filter((m) =>
      String(m.member).includes("google_service_account.app-db_"),
    );
    expect(appDb.map((m) => m.role)).toEqual(["roles/cloudsql.client", "roles/cloudsql.instanceUser"]);
    expect(attributesOf(stack, "google_project_iam_member")).toHaveLength(3); // the third: the export's, below
  });

  test("declares the break-glass password secret with CMEK and no version", () => {
    expect(attributesOf(stack, "google_secret_manager_secret")).toEqual([
      expect.objectContaining({ secret_id: "acme-prod-pg-postgres-password", deletion_protection: true }),
    ]);
    expect(stack.resource?.google_secret_manager_secret_version).toBeUndefined();
  });

  test("exports the database daily into the backup stack's bucket, as a job that may export this instance only", () => {
    const [exportJob] = attributesOf(stack, "google_cloud_run_v2_job").filter(
      (j) => j.name === "acme-prod-pg-export",
    );
    expect(exportJob.location).toBe("europe-west2");
    const env = Object.fromEntries(
      exportJob.template.template.containers[0].env.map((e: { name: string; value: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect(env).toMatchObject({ INSTANCE: "acme-prod-pg", DATABASE: "app", PREFIX: "sql/acme-prod-pg/" });
    expect(env.BUCKET).toContain(`${REMOTE}-backup.outputs`);
    const exporter = attributesOf(stack, "google_project_iam_member").find((m) => m.condition);
    expect(exporter!.condition.expression).toContain(
      'resource.name == "projects/acme-sec-prod/instances/acme-prod-pg"',
    );
    const [write] = attributesOf(stack, "google_storage_bucket_iam_member").filter(
      (g) => g.role === "roles/storage.objectCreator",
    );
    expect(write.member).toContain("service_account_email_address");
    expect(
      attributesOf(stack, "google_cloud_scheduler_job").map((s) => [s.name, s.region, s.schedule]),
    ).toEqual([
      ["acme-prod-pg-export", "europe-west2", "0 7 * * *"],
      ["acme-prod-pg-restore-drill", "europe-west1", "0 6 1 1,4,7,10 *"],
    ]);
  });

  test("drills a restore of the newest export quarterly in the backup region, alerting on failure and after 95 days", () => {
    const [drill] = attributesOf(stack, "google_cloud_run_v2_job").filter(
      (j) => j.name === "acme-prod-pg-restore-drill",
    );
    expect(drill).toMatchObject({ location: "europe-west1", labels: { purpose: "restore-drill" } });
    expect(drill.template.template.containers[0].image).toBe("docker.io/library/postgres:16-bookworm");
    expect(drill.template.template.containers[0].args).toEqual(
      expect.arrayContaining(["--source", "/backups/sql/acme-prod-pg/", "--table", "public.backup_canary"]),
    );
    expect(
      attributesOf(stack, "google_monitoring_alert_policy")
        .map((p) => p.display_name)
        .sort(),
    ).toEqual([
      "Database export failed",
      "Database export overdue",
      "Restore drill failed",
      "Restore drill overdue",
    ]);
    expect(attributesOf(stack, "google_monitoring_notification_channel")).toEqual([
      expect.objectContaining({ labels: { email_address: "security-alerts@example.com" } }),
    ]);
  });

  test("follows the export and drill settings", () => {
    const config = configFromYaml(
      baselineText()
        .replace('  exportSchedule: "0 7 * * *"', '  exportSchedule: "30 4 * * *"')
        .replace('  restoreDrillSchedule: "0 6 1 1,4,7,10 *"', '  restoreDrillSchedule: "0 6 1 * *"')
        .replace("  restoreDrillMaxDays: 95", "  restoreDrillMaxDays: 35")
        .replace("  restoreCheckTable: public.backup_canary", "  restoreCheckTable: app.orders"),
    );
    const changed = synthStack("prod-data", config);
    expect(attributesOf(changed, "google_cloud_scheduler_job").map((s) => s.schedule)).toEqual([
      "30 4 * * *",
      "0 6 1 * *",
    ]);
    const overdue = attributesOf(changed, "google_monitoring_alert_policy").find(
      (p) => p.display_name === "Restore drill overdue",
    );
    expect(overdue!.conditions[0].condition_prometheus_query_language.query).toContain("[35d]");
    const [drill] = attributesOf(changed, "google_cloud_run_v2_job").filter((j) =>
      j.name.endsWith("restore-drill"),
    );
    expect(drill.template.template.containers[0].args).toContain("app.orders");
  });

  test("checks the newest Vault snapshot in the drill only when asked (the image must carry the Vault CLI)", () => {
    const drillArgs = (text: string) =>
      attributesOf(synthStack("prod-data", configFromYaml(text)), "google_cloud_run_v2_job").find((j) =>
        j.name.endsWith("restore-drill"),
      )!.template.template.containers[0].args as string[];
    expect(drillArgs(baselineText())).not.toContain("--vault-source");
    const asked = drillArgs(
      baselineText().replace(
        "  restoreDrillMaxDays: 95",
        "  restoreDrillMaxDays: 95\n  restoreDrillVaultCheck: true",
      ),
    );
    // The snapshot job's prefix, and its 6-hour schedule's gap plus 6 hours of slack.
    expect(asked.slice(asked.indexOf("--vault-source"), asked.indexOf("--vault-source") + 4)).toEqual([
      "--vault-source",
      expect.stringMatching(/\/vault\/$/),
      "--vault-max-age-hours",
      "12",
    ]);
  });

  test("exists only when database.enabled", () => {
    const config = configFromYaml(
      baselineText().replace("database:\n  enabled: true", "database:\n  enabled: false"),
    );
    expect(Object.keys(synthBaseline(config)).filter((name) => name.endsWith("-data"))).toEqual([]);
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
