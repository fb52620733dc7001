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
    expect(attributesOf(stack, "google_project_iam_member").map((m) => m.role)).toEqual([
      "roles/cloudsql.client",
      "roles/cloudsql.instanceUser",
    ]);
  });

  test("declares the break-glass password secret with CMEK and no version", () => {
    expect(attributesOf(stack, "google_secret_manager_secret")).toEqual([
      expect.objectContaining({ secret_id: "acme-prod-pg-postgres-password", deletion_protection: true }),
    ]);
    expect(stack.resource?.google_secret_manager_secret_version).toBeUndefined();
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
