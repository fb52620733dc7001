import { BackupWriter } from "../../../constructs/bak/backup-writer";
import { VaultSnapshotJob, type VaultSnapshotJobProps } from "../../../constructs/bak/vault-snapshot-job";
import { attributesOf, synthScope } from "../../support/synth";

type Props = Omit<VaultSnapshotJobProps, "writer">;
const BASE: Props = {
  project: "acme-sec-prod",
  name: "acme-prod-vault-snapshot",
  region: "europe-west2",
  schedule: "15 */6 * * *",
  image: "example/cloud-cli:1",
  bucket: "acme-sec-prod-backups",
  prefix: "vault/",
  vaultAddress: "https://vault.acme-prod.internal:8200",
  authRole: "raft-snapshot",
  caSecretId: "acme-prod-vault-ca-cert",
  network: "projects/acme-sec-prod/global/networks/acme-prod-vpc",
  subnetwork: "projects/acme-sec-prod/regions/europe-west2/subnetworks/acme-prod-app",
  overdueDays: 2,
  notificationChannels: ["projects/acme-sec-prod/notificationChannels/1"],
};

function synth(props: Partial<Props> = {}) {
  return synthScope((stack) => {
    const writer = new BackupWriter(stack, "writer", {
      project: BASE.project,
      accountId: "vault-snapshot-writer",
      writes: "Vault raft snapshots",
      bucket: BASE.bucket,
      prefix: BASE.prefix,
    });
    new VaultSnapshotJob(stack, "snapshot", { ...BASE, ...props, writer });
  });
}

describe("VaultSnapshotJob", () => {
  const json = synth();
  const [job] = attributesOf(json, "google_cloud_run_v2_job");

  test("runs vault-snapshot.sh as the writer, with Vault's address, role, CA secret, bucket and prefix", () => {
    const template = job.template.template;
    expect(template.service_account).toMatch(/google_service_account\.writer_account_[0-9A-F]+\.email/);
    expect(template.containers[0].args.slice(0, 1)).toEqual(["-c"]);
    expect(template.containers[0].args[2]).toBe("vault-snapshot");
    expect(template.containers[0].args[1]).toContain("sys/storage/raft/snapshot");
    expect(template.containers[0].env).toEqual([
      { name: "VAULT_ADDR", value: BASE.vaultAddress },
      { name: "VAULT_AUTH_ROLE", value: "raft-snapshot" },
      { name: "VAULT_AUTH_PATH", value: "gcp" },
      { name: "CA_SECRET", value: "projects/acme-sec-prod/secrets/acme-prod-vault-ca-cert" },
      { name: "BUCKET", value: BASE.bucket },
      { name: "PREFIX", value: "vault/" },
    ]);
  });

  test("reaches the VPC by Direct VPC egress, for private ranges only", () => {
    expect(job.template.template.vpc_access).toEqual({
      egress: "PRIVATE_RANGES_ONLY",
      network_interfaces: [{ network: BASE.network, subnetwork: BASE.subnetwork }],
    });
  });

  test("the writer may sign a JWT as itself, nothing more; the job declares no secret nor secret access", () => {
    // The CA certificate's secret and the writer's read access to it are the vault stack's (VaultCaSecret).
    expect(json.resource?.google_secret_manager_secret).toBeUndefined();
    expect(json.resource?.google_secret_manager_secret_version).toBeUndefined();
    expect(json.resource?.google_secret_manager_secret_iam_member).toBeUndefined();
    const [role] = attributesOf(json, "google_project_iam_custom_role");
    expect(role.permissions).toEqual(["iam.serviceAccounts.signJwt"]);
    const grants = attributesOf(json, "google_service_account_iam_member");
    expect(grants).toHaveLength(1);
    expect(grants[0].service_account_id).toMatch(/writer_account_[0-9A-F]+\.name/);
    expect(grants[0].member).toMatch(/writer_account_[0-9A-F]+\.member/);
    expect(grants[0].role).toMatch(/google_project_iam_custom_role\.[^.]+\.name/);
    expect(json.resource?.google_project_iam_member).toBeUndefined();
  });

  test("alerts on failure and after overdueDays without success, naming the job literally", () => {
    const metrics = attributesOf(json, "google_logging_metric");
    expect(metrics.map((m) => m.name).sort()).toEqual(["vault-snapshot-failed", "vault-snapshot-succeeded"]);
    for (const metric of metrics) {
      expect(metric.filter).toContain('resource.labels.job_name="acme-prod-vault-snapshot"');
      expect(metric.filter).toContain('jsonPayload.job="vault-snapshot"');
    }
    const [overdue] = attributesOf(json, "google_monitoring_alert_policy").filter(
      (p) => p.display_name === "Vault raft snapshot overdue",
    );
    expect(overdue.conditions[0].condition_prometheus_query_language.query).toContain("[2d]");
  });

  test("refuses a Vault address without TLS", () => {
    expect(() => synth({ vaultAddress: "http://vault.acme-prod.internal:8200" })).toThrow(
      "vaultAddress must be https://",
    );
  });
});
