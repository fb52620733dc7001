import { parse } from "@cdktf/hcl2json";
import { shellcheck } from "../support/shellcheck";
import {
  type Attributes,
  type TerraformJson,
  attributesOf,
  normalise,
  synthBaseline,
  synthStack,
} from "../support/synth";
import { VAULT_CA_SECRETS, vaultServiceName } from "../../shared/vault";

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

  test("protects the CA secrets from deletion: every node certificate comes from the CA it holds", () => {
    const secrets = attributesOf(stack, "google_secret_manager_secret");
    expect(secrets.map((s) => [s.secret_id, s.deletion_protection]).sort()).toEqual([
      ["acme-prod-vault-ca-cert", true],
      ["acme-prod-vault-tls-ca", true],
    ]);
    expect(stack.resource?.google_secret_manager_secret_version).toBeUndefined();
  });

  /** Every Secret Manager grant of every prod stack: [secret id, role, member]. */
  function secretGrants(stacks: Record<string, TerraformJson>): string[][] {
    return Object.entries(stacks)
      .filter(([name]) => name.startsWith("prod-"))
      .flatMap(([, json]) =>
        attributesOf(json, "google_secret_manager_secret_iam_member").map((g) => {
          const ref = /^\$\{google_secret_manager_secret\.([^.]+)\.id\}$/.exec(g.secret_id)?.[1];
          const secret = ref ? json.resource!.google_secret_manager_secret[ref].secret_id : g.secret_id;
          return [secret as string, g.role as string, g.member as string];
        }),
      );
  }
  const WRITER = /vault-snapshot-writer/;
  const NODES = /google_service_account\.vault_identity_account_[0-9A-F]+\.member/;

  /**
   * What would let the snapshot job (or anyone but the nodes) read the CA key: any grant to the writer other than
   * read on the certificate-only secret, any grant on the CA bundle's secret to someone but the nodes, a
   * project-wide Secret Manager (or basic) role for the writer. Empty when the CA key is the nodes' alone.
   */
  function caKeyProblems(stacks: Record<string, TerraformJson>): string[] {
    const problems: string[] = [];
    const bundle = VAULT_CA_SECRETS.bundle("acme-prod");
    const certificate = VAULT_CA_SECRETS.certificate("acme-prod");
    const grants = secretGrants(stacks);
    const writer = grants.filter(([, , member]) => WRITER.test(member));
    if (
      writer.length !== 1 ||
      writer[0][0] !== certificate ||
      writer[0][1] !== "roles/secretmanager.secretAccessor"
    )
      problems.push(`the writer's secret grants are ${JSON.stringify(writer)}`);
    for (const [secret, role, member] of grants)
      if (secret === bundle && !NODES.test(member)) problems.push(`${member} holds ${role} on ${bundle}`);
    for (const json of Object.values(stacks))
      for (const grant of attributesOf(json, "google_project_iam_member"))
        if (WRITER.test(grant.member) && /secretmanager|owner|editor/.test(grant.role))
          problems.push(`the writer holds ${grant.role} on the project`);
    return problems;
  }

  test("the snapshot job's account reads the CA certificate's secret, and nothing of the CA key's, in any stack", () => {
    const stacks = synthBaseline();
    expect(caKeyProblems(stacks)).toEqual([]);
    // The one grant it has: read on the certificate-only secret, a reference to the backup stack's account.
    expect(secretGrants(stacks).filter(([, , member]) => WRITER.test(member))).toEqual([
      [
        VAULT_CA_SECRETS.certificate("acme-prod"),
        "roles/secretmanager.secretAccessor",
        expect.stringContaining("prod-backup"),
      ],
    ]);
    // The CA bundle (certificate and key): the nodes alone, reading, listing and adding versions.
    const onBundle = secretGrants(stacks).filter(
      ([secret]) => secret === VAULT_CA_SECRETS.bundle("acme-prod"),
    );
    expect(onBundle.map(([, role]) => role).sort()).toEqual([
      "roles/secretmanager.secretAccessor",
      "roles/secretmanager.secretVersionAdder",
      "roles/secretmanager.viewer",
    ]);
  });

  test("that check fails on a copy where the writer's grant names the CA key's secret, or a project role", () => {
    const stacks = synthBaseline();
    const vault = JSON.parse(JSON.stringify(stacks["prod-vault"])) as TerraformJson;
    const grants = vault.resource!.google_secret_manager_secret_iam_member;
    const [name] = Object.entries(grants).find(([, g]) => WRITER.test(g.member))!;
    const bundleRef = Object.entries(vault.resource!.google_secret_manager_secret).find(
      ([, s]) => s.secret_id === VAULT_CA_SECRETS.bundle("acme-prod"),
    )![0];
    grants[name].secret_id = `\${google_secret_manager_secret.${bundleRef}.id}`;
    expect(caKeyProblems({ ...stacks, "prod-vault": vault })).toEqual([
      expect.stringContaining("the writer's secret grants are"),
      expect.stringMatching(
        /vault-snapshot-writer.* holds roles\/secretmanager.secretAccessor on acme-prod-vault-tls-ca/,
      ),
    ]);
    const backup = JSON.parse(JSON.stringify(stacks["prod-backup"])) as TerraformJson;
    backup.resource!.google_project_iam_member = {
      extra: {
        project: "acme-sec-prod",
        role: "roles/secretmanager.secretAccessor",
        member: "serviceAccount:vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com",
      },
    };
    expect(caKeyProblems({ ...stacks, "prod-backup": backup })).toEqual([
      "the writer holds roles/secretmanager.secretAccessor on the project",
    ]);
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
