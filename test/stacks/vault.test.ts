import { parse } from "@cdktf/hcl2json";
import { shellcheck } from "../support/shellcheck";
import { type Attributes, attributesOf, normalise, synthStack } from "../support/synth";
import { vaultServiceName } from "../../shared/vault";

const KMS_OUTPUTS =
  "${data.terraform_remote_state.cross-stack-reference-input-prod-kms.outputs.cross-stack-output-";

function only(stack: Attributes, type: string): Attributes {
  const all = attributesOf(stack, type);
  expect(all).toHaveLength(1);
  return all[0];
}

describe("vault stack", () => {
  const stack = synthStack("prod-vault");
  const template = only(stack, "google_compute_instance_template");

  test("runs the configured node count per environment over the region's configured zones", () => {
    const zones = ["europe-west2-a", "europe-west2-b", "europe-west2-c"];
    expect(only(stack, "google_compute_region_instance_group_manager")).toMatchObject({
      target_size: 5,
      distribution_policy_zones: zones,
    });
    expect(only(synthStack("staging-vault"), "google_compute_region_instance_group_manager")).toMatchObject({
      target_size: 3,
      distribution_policy_zones: zones,
    });
  });

  test("seals with the kms stack's vault-unseal key, named through cross-stack references", async () => {
    const config = await parse("vault.hcl", template.metadata["vault-config"]);
    const [seal] = config.seal.gcpckms;
    expect(seal.project).toBe("acme-sec-prod");
    expect(seal.key_ring).toBe(`${KMS_OUTPUTS}google_kms_key_ringring-primaryname}`);
    expect(seal.region).toBe(`${KMS_OUTPUTS}google_kms_key_ringring-primarylocation}`);
    expect(seal.crypto_key).toMatch(
      new RegExp(`^\\$\\{.*cross-stack-output-google_kms_crypto_keyvaultUnseal-primary_key_\\w+name\\}$`),
    );
    for (const grant of attributesOf(stack, "google_kms_crypto_key_iam_member")) {
      expect(grant.crypto_key_id).toMatch(
        /cross-stack-output-google_kms_crypto_keyvaultUnseal-primary_key_\w+id\}$/,
      );
    }
  });

  test("encrypts the disks with the primary disks key and the TLS secrets with the primary storage key", () => {
    for (const disk of template.disk) {
      expect(disk.disk_encryption_key.kms_key_self_link).toMatch(
        /google_kms_crypto_keydisks-primary_key_\w+id\}$/,
      );
    }
    for (const secret of attributesOf(stack, "google_secret_manager_secret")) {
      expect(secret.replication.user_managed.replicas[0].customer_managed_encryption.kms_key_name).toMatch(
        /google_kms_crypto_keystorage-primary_key_\w+id\}$/,
      );
    }
  });

  test("protects the CA secret from deletion: every node certificate comes from the CA it holds", () => {
    const secrets = attributesOf(stack, "google_secret_manager_secret");
    expect(secrets.map((s) => [s.secret_id, s.deletion_protection])).toEqual([
      ["acme-prod-vault-tls-ca", true],
    ]);
    expect(stack.resource?.google_secret_manager_secret_version).toBeUndefined();
  });

  test("keeps each node's raft identity when the group recreates it: instance name, nic0 address, raft disk", () => {
    const group = only(stack, "google_compute_region_instance_group_manager");
    expect(group).toMatchObject({
      stateful_internal_ip: [{ interface_name: "nic0", delete_rule: "ON_PERMANENT_INSTANCE_DELETION" }],
      stateful_disk: [{ device_name: "vault-raft", delete_rule: "NEVER" }],
      update_policy: {
        type: "OPPORTUNISTIC",
        replacement_method: "RECREATE",
        instance_redistribution_type: "NONE",
      },
    });
    // What the node advertises is exactly what the group keeps: nic0's IP, and the instance name as node id.
    const script: string = template.metadata_startup_script;
    expect(script).toContain('node_ip="$(metadata network-interfaces/0/ip)"');
    expect(script).toContain(
      "VAULT_RAFT_NODE_ID=$(hostname -s)\nVAULT_API_ADDR=https://$node_ip:8200\nVAULT_CLUSTER_ADDR=https://$node_ip:8201\n",
    );
    expect(template.network_interface).toHaveLength(1);
  });

  test("certifies nodes only within the Vault subnet and names, from the deployment's CA secret", () => {
    expect(template.metadata_startup_script).toContain(
      "readonly NAME_CONSTRAINTS='permitted;DNS:vault.acme-prod.internal,permitted;DNS:c.acme-sec-prod.internal," +
        "permitted;IP:10.20.16.0/255.255.255.0'",
    );
  });

  test("one Vault service name: the private DNS record, the node certificates, the vault-config provider, the snapshot job", () => {
    const name = vaultServiceName("acme-prod");
    expect(name).toBe("vault.acme-prod.internal");
    expect(only(stack, "google_dns_managed_zone").dns_name).toBe(`${name}.`);
    expect(template.metadata_startup_script).toContain(`readonly SERVICE_NAME='${name}'`);
    const [provider] = synthStack("prod-vault-config").provider!.vault;
    expect(provider.tls_server_name).toBe(name);
    const [job] = attributesOf(synthStack("prod-backup"), "google_cloud_run_v2_job");
    const env = job.template.template.containers[0].env as { name: string; value: string }[];
    expect(env.find((e) => e.name === "VAULT_ADDR")?.value).toBe(`https://${name}:8200`);
  });

  test("gives the environment's IAP members SSH with OS Login on the Vault nodes only", () => {
    expect(only(stack, "google_iap_tunnel_iam_member")).toMatchObject({
      member: "group:platform-admins@example.com",
      condition: { expression: "destination.port == 22" },
    });
    const login = attributesOf(stack, "google_project_iam_member").filter(
      (m) => m.role === "roles/compute.osLogin",
    );
    expect(login).toHaveLength(1);
    expect(login[0].member).toBe("group:platform-admins@example.com");
    expect(login[0].condition.expression).toContain('instances/acme-prod-vault-")');
  });

  test("snapshots the raft disk daily into the backup region for the configured retention", () => {
    expect(only(stack, "google_compute_resource_policy").snapshot_schedule_policy).toMatchObject({
      retention_policy: { max_retention_days: 30 },
      snapshot_properties: { storage_locations: ["europe-west1"] },
    });
  });

  test("the synthesized boot script (with the Wazuh agent) passes shellcheck and holds no Terraform reference", () => {
    const script: string = template.metadata_startup_script;
    expect(shellcheck(script)).toEqual([]);
    expect(script).not.toMatch(/[$%]\{/);
    expect(script).toContain("WAZUH_MANAGER='acme-prod-wazuh.europe-west2-");
    expect(script).toMatch(/<location>\/var\/log\/vault\/audit\.log<\/location>/);
  });

  test("tags the nodes for auto-join, IAP SSH and package egress through NAT", () => {
    expect(template.tags).toEqual(["vault-server", "iap-ssh", "package-egress"]);
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
