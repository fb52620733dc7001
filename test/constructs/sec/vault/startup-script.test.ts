import {
  ENABLE_AUDIT_HELPER,
  HASHICORP_KEY_FINGERPRINT,
  type VaultStartupScriptProps,
  renderEnableAuditHelper,
  renderVaultStartupScript,
} from "../../../../constructs/sec/vault/startup-script";
import { renderWazuhAgentInstall } from "../../../../constructs/mon/wazuh/agent";
import { shellcheck } from "../../../support/shellcheck";

const PROPS: VaultStartupScriptProps = {
  version: "1.20.4",
  project: "acme-sec-prod",
  tlsSecrets: {
    cert: "acme-prod-vault-tls-cert",
    key: "acme-prod-vault-tls-key",
    ca: "acme-prod-vault-tls-ca",
  },
  tlsServerName: "vault.acme-prod.internal",
};
const WAZUH = renderWazuhAgentInstall({
  version: "4.12.0",
  managerAddress: "acme-prod-wazuh.europe-west2-b.c.acme-sec-prod.internal",
  localfiles: [{ location: "/var/log/vault/audit.log", logFormat: "json" }],
});

// A renderer, not a construct: the controls read the script where VaultCluster puts it (the template's startup
// script), so cluster.test.ts proves it passes them (SEC-08: the audit device it sets up).
describe("renderVaultStartupScript", () => {
  const script = renderVaultStartupScript(PROPS);

  test("passes shellcheck, alone and with the Wazuh agent fragment", () => {
    expect(shellcheck(script)).toEqual([]);
    expect(shellcheck(renderVaultStartupScript({ ...PROPS, wazuhAgent: WAZUH }))).toEqual([]);
  });

  test("the enable-audit helper it installs passes shellcheck and enables the file device once", () => {
    const helper = renderEnableAuditHelper(PROPS.tlsServerName);
    expect(shellcheck(helper)).toEqual([]);
    expect(helper).toContain("vault audit enable file file_path=/var/log/vault/audit.log");
    expect(script).toContain(`cat > ${ENABLE_AUDIT_HELPER} <<'END_OF_FILE'`);
  });

  test("stops unless HashiCorp's key file holds exactly the published signing key", () => {
    expect(script).toContain("curl -fsSL https://apt.releases.hashicorp.com/gpg");
    expect(script).toContain(`if [ "$primary_keys" != ${HASHICORP_KEY_FINGERPRINT} ]; then`);
    expect(script).toContain("signed-by=/usr/share/keyrings/hashicorp-archive-keyring.gpg");
  });

  test("installs and holds the pinned Vault release", () => {
    expect(script).toContain("readonly VAULT_VERSION='1.20.4'");
    expect(script).toContain('apt-get install -y "vault=$VAULT_VERSION-1"');
    expect(script).toContain("apt-mark hold vault");
  });

  test("formats the raft disk only when blank, by its stable device id, and mounts it by UUID", () => {
    expect(script).toContain("readonly RAFT_DEVICE=/dev/disk/by-id/google-vault-raft");
    expect(script).toMatch(
      /if \[ -z "\$\(blkid -o value -s TYPE "\$RAFT_DEVICE" \|\| true\)" \]; then\n {2}mkfs\.ext4/,
    );
    expect(script).toContain(
      'echo "UUID=$raft_uuid /opt/vault/data ext4 defaults,nofail,discard 0 2" >> /etc/fstab',
    );
  });

  test("fetches the TLS material from the stack's secrets, key readable by vault only", () => {
    expect(script).toContain("fetch_secret 'acme-prod-vault-tls-key' /opt/vault/tls/vault-key.pem 0600");
    expect(script).toContain("fetch_secret 'acme-prod-vault-tls-cert' /opt/vault/tls/vault.pem 0644");
    expect(script).toContain('gcloud secrets versions access latest --project="$PROJECT" --secret="$secret"');
  });

  test("reads the shared config from metadata and the node identity from the metadata server", () => {
    expect(script).toContain('metadata attributes/vault-config > "$config_file"');
    expect(script).toMatch(/VAULT_RAFT_NODE_ID=\$\(hostname -s\)\nVAULT_API_ADDR=https:\/\/\$node_ip:8200\n/);
  });

  test("runs Vault under systemd as the vault user, after the raft disk is mounted, with swap off", () => {
    expect(script).toContain("swapoff -a");
    expect(script).toMatch(/RequiresMountsFor=\/opt\/vault\/data\n\[Service\]\nUser=vault\nGroup=vault/);
    expect(script).toContain("systemctl enable vault");
  });

  test("ships the audit log with the Ops Agent", () => {
    expect(script).toContain("bash \"$ops_installer\" --also-install --version='2.*.*'");
    expect(script).toMatch(/include_paths:\n\s+- \/var\/log\/vault\/audit\.log/);
  });

  test("contains no Terraform template syntax, and refuses a fragment that does", () => {
    expect(script).not.toMatch(/[$%]\{/);
    expect(() => renderVaultStartupScript({ ...PROPS, wazuhAgent: 'echo "${HOME}"' })).toThrow(
      /line \d+ contains "\$\{", which Terraform would interpolate/,
    );
  });

  test("refuses a version that is not a release number", () => {
    expect(() => renderVaultStartupScript({ ...PROPS, version: "latest" })).toThrow(
      'Vault version must look like 1.20.4, got "latest"',
    );
  });
});
