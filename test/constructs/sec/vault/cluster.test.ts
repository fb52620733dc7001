import type { TerraformStack } from "cdktf";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { SnapshotSchedule } from "../../../../constructs/bak/snapshot-schedule";
import { CmekKey } from "../../../../constructs/enc/cmek-key";
import { VaultCluster, type VaultClusterProps } from "../../../../constructs/sec/vault/cluster";
import { ALIVE_PATH, SERVING_PATH } from "../../../../constructs/sec/vault/health-checks";
import { type Attributes, attributesOf, synthScope } from "../../../support/synth";
import { expectUsedBarePasses, familyIds } from "../../used-bare";

const RING = "projects/acme-sec-prod/locations/europe-west2/keyRings/acme-prod-primary";
const UNSEAL_KEY = `${RING}/cryptoKeys/vault-unseal`;
const DISK_KEY = `${RING}/cryptoKeys/disks`;
const SECRET_KEY = `${RING}/cryptoKeys/storage`;
const SA = "${google_service_account.vault_identity_account_302AF94B.email}";
const SA_MEMBER = "${google_service_account.vault_identity_account_302AF94B.member}";

let rendered: { config: string; nodeTlsScript: string } | undefined;

function synthCluster(
  extra: Partial<VaultClusterProps> = {},
  declare?: (stack: TerraformStack) => Partial<VaultClusterProps>,
) {
  return synthScope((stack) => {
    const snapshotSchedule = new SnapshotSchedule(stack, "snapshots", {
      name: "raft-daily",
      region: "europe-west2",
      storageRegion: "europe-west1",
    });
    rendered = new VaultCluster(stack, "vault", {
      namePrefix: "acme-prod",
      project: "acme-sec-prod",
      region: "europe-west2",
      zones: ["europe-west2-a", "europe-west2-b", "europe-west2-c"],
      nodes: 3,
      machineType: "e2-standard-2",
      version: "1.20.4",
      dataDiskGb: 20,
      network: "projects/acme-sec-prod/global/networks/vpc",
      subnetwork: "projects/acme-sec-prod/regions/europe-west2/subnetworks/vault",
      nodeRange: "10.20.16.0/24",
      clientCidrs: ["10.20.0.0/20"],
      healthCheckRanges: ["35.191.0.0/16", "130.211.0.0/22"],
      unsealKey: {
        id: UNSEAL_KEY,
        name: "vault-unseal",
        keyRingName: "acme-prod-primary",
        location: "europe-west2",
      },
      diskKey: DISK_KEY,
      secretKey: SECRET_KEY,
      snapshotSchedule,
      adminMembers: ["group:vault-admins@example.com"],
      ...declare?.(stack),
      ...extra,
    });
  });
}

function only(json: Attributes, type: string): Attributes {
  const all = attributesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}

describe("VaultCluster", () => {
  const json = synthCluster();
  const config = rendered?.config;
  const template = only(json, "google_compute_instance_template");
  const group = only(json, "google_compute_region_instance_group_manager");

  test("spreads an odd number of nodes evenly over three zones with a regional group", () => {
    expect(group).toMatchObject({
      region: "europe-west2",
      target_size: 3,
      distribution_policy_zones: ["europe-west2-a", "europe-west2-b", "europe-west2-c"],
      distribution_policy_target_shape: "EVEN",
      version: [
        { instance_template: "${google_compute_instance_template.vault_template_4AB9C2F9.self_link}" },
      ],
    });
  });

  test("keeps each node's raft identity across recreation: name, address and raft disk; never rolls the quorum", () => {
    expect(group.stateful_disk).toEqual([{ device_name: "vault-raft", delete_rule: "NEVER" }]);
    // The address the boot script advertises (nic0's) goes with the instance name until the instance is
    // removed from the group for good.
    expect(group.stateful_internal_ip).toEqual([
      { interface_name: "nic0", delete_rule: "ON_PERMANENT_INSTANCE_DELETION" },
    ]);
    expect(template.metadata_startup_script).toContain('node_ip="$(metadata network-interfaces/0/ip)"');
    expect(group.update_policy).toEqual({
      type: "OPPORTUNISTIC",
      minimal_action: "REPLACE",
      replacement_method: "RECREATE",
      instance_redistribution_type: "NONE",
      max_surge_fixed: 0,
      max_unavailable_fixed: 3,
    });
  });

  test("auto-heals on a dead Vault process only; the load balancer sends clients to unsealed nodes only", () => {
    const checks = attributesOf(json, "google_compute_health_check");
    const path = (name: string) => checks.find((c) => c.name === name)?.https_health_check;
    expect(path("acme-prod-vault-alive")).toEqual({ port: 8200, request_path: ALIVE_PATH });
    expect(path("acme-prod-vault-serving")).toEqual({ port: 8200, request_path: SERVING_PATH });
    expect(ALIVE_PATH).toBe("/v1/sys/health?standbyok=true&perfstandbyok=true&sealedcode=200&uninitcode=200");
    expect(group.auto_healing_policies.health_check).toBe(
      "${google_compute_health_check.vault_health_alive_39260808.id}",
    );
    expect(only(json, "google_compute_region_backend_service").health_checks).toEqual([
      "${google_compute_health_check.vault_health_serving_9C56FC24.id}",
    ]);
  });

  test("runs hardened nodes with a dedicated account, CMEK boot and raft disks and the Vault tag", () => {
    expect(template.shielded_instance_config).toEqual({
      enable_secure_boot: true,
      enable_vtpm: true,
      enable_integrity_monitoring: true,
    });
    expect(template.network_interface).toEqual([
      { subnetwork: "projects/acme-sec-prod/regions/europe-west2/subnetworks/vault" },
    ]);
    expect(template.metadata).toMatchObject({
      "enable-oslogin": "TRUE",
      "block-project-ssh-keys": "TRUE",
      "serial-port-enable": "FALSE",
    });
    expect(template.service_account).toEqual({ email: SA, scopes: ["cloud-platform"] });
    expect(template.disk.map((d: Attributes) => d.disk_encryption_key.kms_key_self_link)).toEqual([
      DISK_KEY,
      DISK_KEY,
    ]);
    expect(template.disk[1]).toMatchObject({
      boot: false,
      device_name: "vault-raft",
      auto_delete: false,
      resource_policies: [
        expect.stringMatching(/^\$\{google_compute_resource_policy\.snapshots_policy_\w+\.name\}$/),
      ],
    });
    expect(template.tags).toEqual(["vault-server"]);
  });

  test("carries the server config and the audit log path in metadata, the boot script in the startup script", () => {
    expect(template.metadata["vault-config"]).toBe(config);
    expect(template.metadata["vault-audit-file"]).toBe("/var/log/vault/audit.log");
    expect(template.metadata_startup_script).toContain("metadata attributes/vault-config");
  });

  test("lets only its own account use the unseal key, list instances for auto-join and use its CA secret", () => {
    expect(attributesOf(json, "google_kms_crypto_key_iam_member")).toEqual([
      { crypto_key_id: UNSEAL_KEY, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: SA_MEMBER },
      { crypto_key_id: UNSEAL_KEY, role: "roles/cloudkms.viewer", member: SA_MEMBER },
    ]);
    expect(only(json, "google_project_iam_custom_role").permissions).toEqual([
      "compute.zones.list",
      "compute.instances.list",
    ]);
    const projectRoles = attributesOf(json, "google_project_iam_member")
      .filter((m) => m.member === SA_MEMBER)
      .map((m) => m.role);
    expect(projectRoles).toEqual([
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "${google_project_iam_custom_role.vault_identity_auto-join-role_E98EA063.name}",
    ]);
    const grants = attributesOf(json, "google_secret_manager_secret_iam_member");
    const on = (prefix: string) =>
      grants
        .filter((g) => g.secret_id.startsWith(`\${google_secret_manager_secret.vault_tls_${prefix}_`))
        .map((a) => [a.role, a.member])
        .sort();
    expect(on("tls-ca")).toEqual([
      ["roles/secretmanager.secretAccessor", SA_MEMBER],
      ["roles/secretmanager.secretVersionAdder", SA_MEMBER],
      ["roles/secretmanager.viewer", SA_MEMBER],
    ]);
    // The certificate-only secret: the nodes read its latest version and add one; without a reader, nobody else.
    expect(on("ca-certificate")).toEqual([
      ["roles/secretmanager.secretAccessor", SA_MEMBER],
      ["roles/secretmanager.secretVersionAdder", SA_MEMBER],
    ]);
    expect(grants).toHaveLength(5);
  });

  test("the certificate reader may read the certificate-only secret and nothing of the CA bundle", () => {
    const reader = "serviceAccount:vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com";
    const withReader = synthCluster({ caCertificateReader: reader });
    const grants = attributesOf(withReader, "google_secret_manager_secret_iam_member").filter(
      (g) => g.member === reader,
    );
    expect(grants.map((g) => [g.role, g.secret_id.replace(/_[0-9A-F]+\.id\}$/, "}")])).toEqual([
      ["roles/secretmanager.secretAccessor", "${google_secret_manager_secret.vault_tls_ca-certificate}"],
    ]);
    const script = rendered?.nodeTlsScript ?? "";
    expect(script).toContain("readonly CA_CERT_SECRET='acme-prod-vault-ca-cert'");
  });

  test("declares the CA secrets CMEK, single-region, without any version (no key material in state)", () => {
    const secrets = attributesOf(json, "google_secret_manager_secret");
    expect(secrets.map((s) => s.secret_id).sort()).toEqual([
      "acme-prod-vault-ca-cert",
      "acme-prod-vault-tls-ca",
    ]);
    for (const secret of secrets) {
      expect(secret.replication).toEqual({
        user_managed: {
          replicas: [{ location: "europe-west2", customer_managed_encryption: { kms_key_name: SECRET_KEY } }],
        },
      });
    }
    expect(json.resource?.google_secret_manager_secret_version).toBeUndefined();
  });

  test("gives each node a certificate from the deployment's CA, constrained to the Vault names and subnet", () => {
    const script = rendered?.nodeTlsScript ?? "";
    expect(template.metadata_startup_script).toContain(script);
    expect(script).toContain("readonly CA_SECRET='acme-prod-vault-tls-ca'");
    expect(script).toContain("readonly SERVICE_NAME='vault.acme-prod.internal'");
    expect(script).toContain(
      "readonly NAME_CONSTRAINTS='permitted;DNS:vault.acme-prod.internal,permitted;DNS:c.acme-sec-prod.internal," +
        "permitted;IP:10.20.16.0/255.255.255.0'",
    );
  });

  test("lets the Vault administrators SSH through IAP (port 22) with OS Login (no sudo) on the Vault nodes only", () => {
    const admins = "group:vault-admins@example.com";
    expect(only(json, "google_iap_tunnel_iam_member")).toEqual({
      project: "acme-sec-prod",
      role: "roles/iap.tunnelResourceAccessor",
      member: admins,
      condition: {
        title: "ssh-only",
        description: "IAP TCP forwarding to SSH (22) only",
        expression: "destination.port == 22",
      },
    });
    const login = attributesOf(json, "google_project_iam_member").find((m) => m.member === admins);
    expect(login).toMatchObject({ role: "roles/compute.osLogin", project: "acme-sec-prod" });
    expect(login?.condition.expression).toBe(
      ["a", "b", "c"]
        .map(
          (z) =>
            `resource.name.startsWith("projects/acme-sec-prod/zones/europe-west2-${z}/instances/acme-prod-vault-")`,
        )
        .join(" || "),
    );
    expect(only(json, "google_service_account_iam_member")).toEqual({
      service_account_id: "${google_service_account.vault_identity_account_302AF94B.name}",
      role: "roles/iam.serviceAccountUser",
      member: admins,
    });
  });

  test("serves clients through an internal passthrough load balancer with a private DNS name", () => {
    expect(only(json, "google_compute_forwarding_rule")).toMatchObject({
      load_balancing_scheme: "INTERNAL",
      ip_protocol: "TCP",
      ports: ["8200"],
      allow_global_access: false,
    });
    expect(only(json, "google_compute_region_backend_service")).toMatchObject({
      load_balancing_scheme: "INTERNAL",
      protocol: "TCP",
    });
    expect(only(json, "google_compute_address").address_type).toBe("INTERNAL");
    expect(only(json, "google_dns_managed_zone")).toMatchObject({
      dns_name: "vault.acme-prod.internal.",
      visibility: "private",
    });
  });

  test("opens 8200 to clients and health checks, 8201 only between Vault nodes, never to the internet", () => {
    const rules = attributesOf(json, "google_compute_firewall").map((r) => ({
      name: r.name,
      ports: r.allow[0].ports,
      from: r.source_ranges ?? r.source_service_accounts,
      to: r.target_service_accounts,
    }));
    expect(rules).toEqual([
      { name: "acme-prod-vault-api-clients", ports: ["8200"], from: ["10.20.0.0/20"], to: [SA] },
      {
        name: "acme-prod-vault-api-health-checks",
        ports: ["8200"],
        from: ["35.191.0.0/16", "130.211.0.0/22"],
        to: [SA],
      },
      { name: "acme-prod-vault-cluster", ports: ["8200", "8201"], from: [SA], to: [SA] },
    ]);
  });

  // With its keys declared beside it, as the kms stack declares them: the seal controls (SEC-01 to SEC-03) and
  // CMEK on disks (ENC-05) judge only declared keys. CMP-06 and CMP-07 need the project's VM Manager.
  // SEC-13 to SEC-18 judge what lives inside Vault (the vault-config stack), not the cluster.
  test("used bare with its keys declared, it passes every SEC control on the cluster and those judging its nodes", () => {
    const declared = synthCluster({}, (stack) => {
      const ring = new KmsKeyRing(stack, "ring", { name: "acme-prod-primary", location: "europe-west2" });
      const unseal = new CmekKey(stack, "unseal", { keyRing: ring.id, name: "vault-unseal" }).key;
      return {
        unsealKey: { id: unseal.id, name: unseal.name, keyRingName: ring.name, location: ring.location },
        diskKey: new CmekKey(stack, "disks", { keyRing: ring.id, name: "disks" }).key.id,
      };
    });
    expectUsedBarePasses(declared, [
      ...familyIds("SEC").filter((id) => Number(id.slice(4)) <= 12),
      ...["CMP-01", "CMP-02", "CMP-03", "CMP-04", "CMP-05"],
      ...["NET-04", "NET-05", "NET-08", "NET-11", "NET-12"],
      ...["ENC-05", "ENC-09", "ENC-11", "BAK-01", "BAK-02", "BAK-04"],
      // The administrators' grants: none privileged (IAM-04), impersonation on the Vault account only (IAM-06).
      ...["IAM-01", "IAM-04", "IAM-06"],
    ]);
  });

  test("adds the extra network tags and the Wazuh fragment when given", () => {
    const more = synthCluster({ extraNetworkTags: ["iap-ssh"], wazuhAgent: "echo wazuh-agent-fragment" });
    const t = only(more, "google_compute_instance_template");
    expect(t.tags).toEqual(["vault-server", "iap-ssh"]);
    expect(t.metadata_startup_script).toContain("\necho wazuh-agent-fragment\n");
  });

  test.each([2, 4])("refuses %i nodes", (nodes) => {
    expect(() => synthCluster({ nodes })).toThrow(
      `VaultCluster acme-prod: nodes must be 3 or 5 (an odd raft quorum), got ${nodes}`,
    );
  });

  test("refuses fewer than three different zones", () => {
    expect(() => synthCluster({ zones: ["europe-west2-a", "europe-west2-b", "europe-west2-a"] })).toThrow(
      "VaultCluster acme-prod: zones must name at least 3 different zones, got europe-west2-a, europe-west2-b, europe-west2-a",
    );
  });
});
