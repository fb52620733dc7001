import { attributesOf, configFromYaml, findResource, normalise, synthStack } from "../support/synth";
import { baselineText } from "../support/baseline-text";

const KMS_OUTPUT = "data.terraform_remote_state.cross-stack-reference-input-prod-kms.outputs";

describe("backup stack", () => {
  const stack = synthStack("prod-backup");
  const bucket = findResource(stack, "google_storage_bucket", "name", "acme-sec-prod-backups");

  test("puts the backup bucket and its access-log bucket in the backup region with the backup region's key", () => {
    const firstCopy = attributesOf(stack, "google_storage_bucket").filter(
      (b) => !b.name.startsWith("acme-sec-prod-backups-copy"),
    );
    expect(firstCopy.map((b) => b.name).sort()).toEqual([
      "acme-sec-prod-backups",
      "acme-sec-prod-backups-access-logs",
    ]);
    for (const b of firstCopy) {
      expect(b.location).toBe("europe-west1");
      expect(b.encryption.default_kms_key_name).toMatch(
        new RegExp(
          `^\\$\\{${KMS_OUTPUT.replace(/\./g, "\\.")}\\.cross-stack-output-google_kms_crypto_keybackups-backup_`,
        ),
      );
    }
  });

  test("keeps backups 30 days under a retention policy locked in prod, then deletes them", () => {
    expect(bucket.retention_policy).toEqual({ retention_period: 2_592_000, is_locked: true });
    expect(bucket.lifecycle_rule).toEqual([{ action: { type: "Delete" }, condition: { age: 30 } }]);
    const staging = findResource(
      synthStack("staging-backup"),
      "google_storage_bucket",
      "name",
      "acme-sec-staging-backups",
    );
    expect(staging.retention_policy.is_locked).toBe(false);
  });

  test("declares a Backup and DR vault in the backup region enforcing the configured retention, locked in prod", () => {
    expect(attributesOf(stack, "google_backup_dr_backup_vault")).toEqual([
      expect.objectContaining({
        backup_vault_id: "acme-prod-backups",
        location: "europe-west1",
        backup_minimum_enforced_retention_duration: "2592000s",
        backup_retention_inheritance: "MATCH_BACKUP_EXPIRE_TIME",
        effective_time: "2027-01-04T00:00:00Z",
        access_restriction: "WITHIN_PROJECT",
      }),
    ]);
    const [staging] = attributesOf(synthStack("staging-backup"), "google_backup_dr_backup_vault");
    expect(staging.effective_time).toBeUndefined();
  });

  test("prod: a second offsite copy in europe-west3, keyed there, locked, fed daily and create-only by Storage Transfer", () => {
    const copy = findResource(stack, "google_storage_bucket", "name", "acme-sec-prod-backups-copy");
    expect(copy).toMatchObject({
      location: "europe-west3",
      labels: expect.objectContaining({ purpose: "backup-copy" }),
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      retention_policy: { retention_period: 2_592_000, is_locked: true },
      soft_delete_policy: { retention_duration_seconds: 604_800 },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { age: 30 } }],
      logging: { log_bucket: expect.stringMatching(/second-copy_bucket_access-logs/) },
    });
    expect(copy.encryption.default_kms_key_name).toMatch(/google_kms_crypto_keybackups-secondary_/);
    const [job] = attributesOf(stack, "google_storage_transfer_job");
    expect(job).toMatchObject({
      name: "transferJobs/acme-prod-backups-second-copy",
      status: "ENABLED",
      schedule: { repeat_interval: "86400s" },
      transfer_spec: {
        gcs_data_source: {
          bucket_name: expect.stringMatching(/google_storage_bucket\.bucket_[0-9A-F]+\.name/),
        },
        gcs_data_sink: { bucket_name: expect.stringMatching(/second-copy_bucket_[0-9A-F]+\.name/) },
        transfer_options: {
          overwrite_when: "NEVER",
          delete_objects_from_source_after_transfer: false,
          delete_objects_unique_in_sink: false,
          metadata_options: { kms_key: "KMS_KEY_DESTINATION_BUCKET_DEFAULT" },
        },
      },
    });
    // The transfer agent reads the source and reads and creates in the copy: no role that deletes.
    const agent = "serviceAccount:project-100000000003@storage-transfer-service.iam.gserviceaccount.com";
    const roles = attributesOf(stack, "google_storage_bucket_iam_member")
      .filter((g) => g.member === agent)
      .map((g) => [/second-copy/.test(g.bucket) ? "copy" : "source", g.role]);
    expect(roles.sort()).toEqual([
      ["copy", "roles/storage.legacyBucketReader"],
      ["copy", "roles/storage.objectCreator"],
      ["copy", "roles/storage.objectViewer"],
      ["source", "roles/storage.legacyBucketReader"],
      ["source", "roles/storage.objectViewer"],
    ]);
    // The Cloud Storage agent may use the copy's key; alerts on failures and on no success for 2 days.
    expect(attributesOf(stack, "google_kms_crypto_key_iam_member").map((m) => m.member)).toContain(
      "serviceAccount:service-100000000003@gs-project-accounts.iam.gserviceaccount.com",
    );
    const titles = attributesOf(stack, "google_monitoring_alert_policy").map((p) => p.display_name);
    expect(titles).toEqual(
      expect.arrayContaining(["Second offsite backup copy failed", "Second offsite backup copy overdue"]),
    );
    expect(attributesOf(synthStack("staging-backup"), "google_storage_transfer_job")).toEqual([]);
  });

  test("a locked environment without a vault lock time is refused", () => {
    const config = configFromYaml(
      baselineText().replace('      vaultLockTime: "2027-01-04T00:00:00Z"\n', ""),
    );
    expect(() => synthStack("prod-backup", config)).toThrow(
      "environment prod: backups.lock is true, so backups.vaultLockTime must say when",
    );
  });

  test("declares the Vault and Wazuh hosts' writer identities, each creating objects under its own prefix only", () => {
    const accounts = attributesOf(stack, "google_service_account").map((a) => a.account_id);
    // The Vault writer is the snapshot job's identity; the invoker only starts that job (ScheduledJob).
    expect(accounts).toEqual(["vault-snapshot-writer", "vault-snapshot-invoker", "wazuh-archive-writer"]);
    const grants = attributesOf(stack, "google_storage_bucket_iam_member").filter((g) => g.condition);
    expect(grants.map((g) => [g.role, g.condition.title])).toEqual([
      ["roles/storage.objectCreator", "write vault/ only"],
      ["roles/storage.objectCreator", "write wazuh/ only"],
    ]);
    expect(stack.resource?.google_project_iam_member).toBeUndefined();
  });

  test("runs the Vault raft snapshot on schedule as the Vault writer, in Vault's region, through the VPC to Vault's name", () => {
    const [job] = attributesOf(stack, "google_cloud_run_v2_job");
    const [scheduler] = attributesOf(stack, "google_cloud_scheduler_job");
    expect(job).toMatchObject({ name: "acme-prod-vault-snapshot", location: "europe-west2" });
    expect(scheduler).toMatchObject({ name: "acme-prod-vault-snapshot", schedule: "15 */6 * * *" });
    const template = job.template.template;
    expect(template.service_account).toMatch(
      /google_service_account\.vault-snapshot-writer_account_[0-9A-F]+\.email/,
    );
    expect(
      Object.fromEntries(
        template.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]),
      ),
    ).toEqual({
      VAULT_ADDR: "https://vault.acme-prod.internal:8200",
      VAULT_AUTH_ROLE: "raft-snapshot",
      VAULT_AUTH_PATH: "gcp",
      CA_SECRET: "projects/acme-sec-prod/secrets/acme-prod-vault-ca-cert",
      BUCKET: expect.stringMatching(/google_storage_bucket\.bucket_[0-9A-F]+\.name/),
      PREFIX: "vault/",
    });
    // Direct VPC egress from the app subnet (10.20.0.0/20, the prod vault.clientCidrs), private ranges only.
    expect(template.vpc_access.egress).toBe("PRIVATE_RANGES_ONLY");
    expect(template.vpc_access.network_interfaces).toEqual([
      {
        network: expect.stringContaining("cross-stack-reference-input-prod-network"),
        subnetwork: expect.stringMatching(/cross-stack-reference-input-prod-network.*subnetwork.*app/),
      },
    ]);
    // The CA certificate's secret is the vault stack's (the nodes publish the certificate there, and the vault
    // stack lets this writer read it: test/stacks/vault.test.ts); this stack declares no secret nor access to one.
    expect(stack.resource?.google_secret_manager_secret).toBeUndefined();
    expect(stack.resource?.google_secret_manager_secret_iam_member).toBeUndefined();
    expect(stack.resource?.google_secret_manager_secret_version).toBeUndefined();
    // It may sign a JWT as itself and nothing else of IAM.
    const [role] = attributesOf(stack, "google_project_iam_custom_role");
    expect(role.permissions).toEqual(["iam.serviceAccounts.signJwt"]);
    const [selfGrant] = attributesOf(stack, "google_service_account_iam_member");
    expect(selfGrant.service_account_id).toMatch(/vault-snapshot-writer_account_[0-9A-F]+\.name/);
    expect(selfGrant.member).toMatch(/vault-snapshot-writer_account_[0-9A-F]+\.member/);
    // Failure and overdue alerts (beside the second offsite copy's).
    expect(
      attributesOf(stack, "google_monitoring_alert_policy")
        .map((p) => p.display_name)
        .filter((title) => title.startsWith("Vault"))
        .sort(),
    ).toEqual(["Vault raft snapshot failed", "Vault raft snapshot overdue"]);
  });

  test("without Vault there is no snapshot job; without a subnet inside vault.clientCidrs the stack is refused", () => {
    const off = synthStack(
      "prod-backup",
      configFromYaml(baselineText().replace(/vault:\n {2}enabled: true/, "vault:\n  enabled: false")),
    );
    expect(off.resource?.google_cloud_run_v2_job).toBeUndefined();
    const outside = configFromYaml(
      baselineText().replace("      clientCidrs: [10.20.0.0/20]", "      clientCidrs: [10.20.0.0/24]"),
    );
    expect(() => synthStack("prod-backup", outside)).toThrow(
      "environment prod: the Vault snapshot job needs a subnet inside vault.clientCidrs (10.20.0.0/24)",
    );
  });

  test("follows backups.retentionDays", () => {
    const config = configFromYaml(baselineText().replace("  retentionDays: 30", "  retentionDays: 45"));
    const longer = synthStack("prod-backup", config);
    const b = findResource(longer, "google_storage_bucket", "name", "acme-sec-prod-backups");
    expect(b.retention_policy.retention_period).toBe(45 * 86_400);
    expect(
      attributesOf(longer, "google_backup_dr_backup_vault")[0].backup_minimum_enforced_retention_duration,
    ).toBe(`${45 * 86_400}s`);
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
