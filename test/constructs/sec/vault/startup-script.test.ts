import {
  HASHICORP_KEY_FINGERPRINT,
  OPS_AGENT_MAJOR,
  type VaultStartupScriptProps,
  renderVaultStartupScript,
  vaultNodeEnvironment,
} from "../../../../constructs/sec/vault/startup-script";
import { NODE_TLS_SCRIPT, renderVaultNodeTlsScript } from "../../../../constructs/sec/vault/node-tls";
import { POST_INIT_HELPER, renderVaultPostInitHelper } from "../../../../constructs/sec/vault/post-init";
import { renderWazuhAgentInstall } from "../../../../constructs/mon/wazuh/agent";
import { shellcheck } from "../../../support/shellcheck";
import { VAULT_PATHS } from "../../../../constructs/sec/vault/layout";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** logrotate, where installed (apt-get install logrotate); the host harness runs the node's own. */
const LOGROTATE = ["/usr/sbin/logrotate", "/sbin/logrotate"].find((p) => existsSync(p));

const NODE_TLS = renderVaultNodeTlsScript({
  project: "acme-sec-prod",
  caSecret: "acme-prod-vault-tls-ca",
  caCertificateSecret: "acme-prod-vault-ca-cert",
  serviceName: "vault.acme-prod.internal",
  caName: "acme-prod Vault CA",
  permittedDns: ["vault.acme-prod.internal", "c.acme-sec-prod.internal"],
  permittedRanges: ["10.20.16.0/24"],
});
const PROPS: VaultStartupScriptProps = {
  version: "1.20.4",
  nodeTlsScript: NODE_TLS,
  tlsServerName: "vault.acme-prod.internal",
  nodes: 5,
};
const WAZUH = renderWazuhAgentInstall({
  version: "4.12.0",
  managerAddress: "acme-prod-wazuh.europe-west2-b.c.acme-sec-prod.internal",
  localfiles: [{ location: "/var/log/vault/audit.log", logFormat: "json" }],
});

// A renderer, not a construct: the controls read the script where VaultCluster puts it (the template's startup
// script), so cluster.test.ts proves it passes them (SEC-08: the audit device it sets up). What the scripts it
// installs do on real Vault servers is shown by test/runtime/vault.
describe("renderVaultStartupScript", () => {
  const script = renderVaultStartupScript(PROPS);

  test("passes shellcheck, alone and with the Wazuh agent fragment", () => {
    expect(shellcheck(script)).toEqual([]);
    expect(shellcheck(renderVaultStartupScript({ ...PROPS, wazuhAgent: WAZUH }))).toEqual([]);
  });

  test("stops unless HashiCorp's key file holds exactly the published signing key", () => {
    expect(script).toContain("curl -fsSL https://apt.releases.hashicorp.com/gpg");
    expect(script).toContain(`if [ "$primary_keys" != ${HASHICORP_KEY_FINGERPRINT} ]; then`);
    expect(script).toContain("signed-by=/usr/share/keyrings/hashicorp-archive-keyring.gpg");
  });

  test("installs and holds the pinned Vault release, and skips apt when it is installed (a quick reboot)", () => {
    expect(script).toContain("readonly VAULT_VERSION='1.20.4'");
    expect(script).toContain(
      'if [ "$(dpkg-query -W vault 2>/dev/null | cut -f2)" != "$VAULT_VERSION-1" ]; then\n  apt-get update',
    );
    expect(script).toContain('  apt-get install -y --allow-change-held-packages "vault=$VAULT_VERSION-1"');
    expect(script).toContain("  apt-mark hold vault\nfi");
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

  test("advertises the instance name as raft node id and nic0's address (both kept by the group)", () => {
    expect(script).toContain('node_ip="$(metadata network-interfaces/0/ip)"');
    expect(script).toContain(
      `cat > "$env_file" <<END_OF_FILE\n${vaultNodeEnvironment("$(hostname -s)", "$node_ip").join("\n")}\nEND_OF_FILE`,
    );
    expect(vaultNodeEnvironment("vault-1", "10.20.16.5")).toEqual([
      "VAULT_RAFT_NODE_ID=vault-1",
      "VAULT_API_ADDR=https://10.20.16.5:8200",
      "VAULT_CLUSTER_ADDR=https://10.20.16.5:8201",
    ]);
  });

  test("installs the node certificate script verbatim, runs it at boot and renews daily with a reload", () => {
    expect(script).toContain(`cat > ${NODE_TLS_SCRIPT} <<'END_OF_FILE'\n${NODE_TLS}END_OF_FILE\n`);
    expect(script).toContain(`tls_result="$(${NODE_TLS_SCRIPT} "$node_ip" "$node_name")"`);
    expect(script).toContain(`ExecStart=${NODE_TLS_SCRIPT} --reload $node_ip $node_name`);
    expect(script).toContain("OnCalendar=daily");
    expect(script).toContain("systemctl enable vault vault-tls-renew.timer");
    // Never waits for an operator: no loop on missing secret versions.
    expect(script).not.toMatch(/until gcloud|waiting for a version/);
  });

  test("reads the shared config from metadata and restarts Vault only when a file changed", () => {
    expect(script).toContain('metadata attributes/vault-config > "$config_file"');
    expect(script).toContain('put "$config_file" /etc/vault.d/vault.hcl 0640 root:vault');
    expect(script).toContain('if [ "$tls_result" = issued ]; then changed=1; fi');
    expect(script).toContain(
      'if [ "$changed" = 1 ] || ! systemctl is-active --quiet vault; then\n  systemctl restart vault\nfi',
    );
  });

  test("runs Vault under systemd as the vault user, after the raft disk is mounted, with swap off", () => {
    expect(script).toContain("swapoff -a");
    expect(script).toMatch(/RequiresMountsFor=\/opt\/vault\/data\n\[Service\]\nUser=vault\nGroup=vault/);
  });

  test("installs the post-init helper with the audit path and the cluster size", () => {
    const helper = renderVaultPostInitHelper({
      tlsServerName: PROPS.tlsServerName,
      auditLog: "/var/log/vault/audit.log",
      nodes: 5,
    });
    expect(script).toContain(`cat > ${POST_INIT_HELPER} <<'END_OF_FILE'\n${helper}END_OF_FILE\n`);
  });

  test("rotates both audit devices' files in one logrotate stanza, with one SIGHUP (reload) after both", () => {
    const stanza = /cat > \/etc\/logrotate\.d\/vault-audit <<'END_OF_FILE'\n([\s\S]*?)END_OF_FILE\n/.exec(
      script,
    );
    expect(stanza).not.toBeNull();
    const config = stanza![1];
    expect(config.split("\n")[0]).toBe("/var/log/vault/audit.log /var/log/vault/audit-fallback.log {");
    expect(VAULT_PATHS.auditFallbackLog).toBe("/var/log/vault/audit-fallback.log");
    expect(config).toMatch(/^ {2}sharedscripts$/m);
    expect(config).toMatch(/ {2}postrotate\n {4}systemctl reload vault\n {2}endscript/);
  });

  (LOGROTATE ? test : test.skip)(
    "logrotate reads the rendered stanza and, forced, rotates both files and runs the reload once",
    () => {
      const config = /cat > \/etc\/logrotate\.d\/vault-audit <<'END_OF_FILE'\n([\s\S]*?)END_OF_FILE\n/.exec(
        script,
      )![1];
      const dir = mkdtempSync(join(tmpdir(), "vault-logrotate-"));
      try {
        // As rendered: logrotate's debug mode parses it and names both files of the one pattern.
        writeFileSync(join(dir, "as-rendered"), config);
        const debug = spawnSync(LOGROTATE!, ["-d", "-s", join(dir, "state"), join(dir, "as-rendered")], {
          encoding: "utf8",
        });
        expect(debug.status).toBe(0);
        expect(debug.stderr + debug.stdout).toContain(
          "rotating pattern: /var/log/vault/audit.log /var/log/vault/audit-fallback.log",
        );
        // The same stanza with the files under a scratch directory and the reload recorded instead of sent.
        const logs = join(dir, "logs");
        spawnSync("mkdir", ["-m", "0750", logs]);
        const rebased = config
          .replaceAll("/var/log/vault/", `${logs}/`)
          .replace("systemctl reload vault", `echo reload >> ${join(dir, "reloads")}`);
        expect(rebased).not.toBe(config);
        writeFileSync(join(dir, "rebased"), rebased, { mode: 0o644 });
        writeFileSync(join(logs, "audit.log"), '{"type":"request"}\n');
        writeFileSync(join(logs, "audit-fallback.log"), '{"type":"request"}\n');
        const forced = spawnSync(LOGROTATE!, ["--force", "-s", join(dir, "state"), join(dir, "rebased")], {
          encoding: "utf8",
        });
        expect({ status: forced.status, stderr: forced.stderr }).toEqual({ status: 0, stderr: "" });
        expect(readdirSync(logs).sort()).toEqual(["audit-fallback.log.1", "audit.log.1"]);
        expect(spawnSync("cat", [join(dir, "reloads")], { encoding: "utf8" }).stdout).toBe("reload\n");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test("ships the audit log with the Ops Agent", () => {
    expect(script).toMatch(/include_paths:\n\s+- \/var\/log\/vault\/audit\.log/);
    expect(script).toContain(
      "systemctl enable google-cloud-ops-agent\nsystemctl restart google-cloud-ops-agent",
    );
  });

  test("installs the Ops Agent from Google's signed apt repository of the pinned major, verified by the image's keyring", () => {
    expect(OPS_AGENT_MAJOR).toBe(2);
    // The suite Google's installer names for --version=2.*.*: google-cloud-ops-agent-<codename>-<major>.
    expect(script).toContain(
      'echo "deb https://packages.cloud.google.com/apt google-cloud-ops-agent-$ops_codename-2 main" > ' +
        "/etc/apt/sources.list.d/google-cloud-ops-agent.list",
    );
    expect(script).toContain("ops_codename=\"$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)\"");
    expect(script).toContain(
      "apt-get install -y --allow-change-held-packages 'google-cloud-ops-agent=2.*' ||",
    );
    expect(script).toContain("apt-mark hold google-cloud-ops-agent");
  });

  test("runs no installer and downloads no key for the Ops Agent; a source that does not verify stops the script", () => {
    expect(script).not.toContain("dl.google.com");
    expect(script).not.toContain("add-google-cloud-ops-agent-repo.sh");
    expect(script).not.toContain("packages.cloud.google.com/apt/doc");
    expect(script).not.toMatch(/apt-key/);
    const ops = script.slice(script.indexOf("# --- Ops Agent"));
    expect(ops).not.toMatch(/curl|wget|gpg --(dearmor|import)/);
    // Fail closed: only this source is updated, any failure is an error, and it ends the script naming the step.
    expect(ops).toContain(
      "apt-get update --error-on=any -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/google-cloud-ops-agent.list -o Dir::Etc::sourceparts=- \\\n" +
        "      -o APT::Get::List-Cleanup=0 ||\n" +
        '      ops_agent_failed "apt could not update',
    );
    // Trusted as the image trusts its own Google sources (its trusted keyrings): no path, no key fetched.
    expect(ops).not.toContain("[signed-by=");
    expect(ops).toContain('echo "vault-node boot script: step \\"Ops Agent\\" failed: $1" >&2\n  exit 1');
    expect(ops).not.toContain("--allow-unauthenticated");
    expect(ops).not.toContain("trusted=yes");
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

describe("renderVaultPostInitHelper", () => {
  const helper = renderVaultPostInitHelper({
    tlsServerName: "vault.acme-prod.internal",
    auditLog: "/var/log/vault/audit.log",
    nodes: 3,
  });

  test("passes shellcheck", () => {
    expect(shellcheck(helper)).toEqual([]);
  });

  test("enables the file audit device once and the dead-server cleanup never below the cluster size", () => {
    expect(helper).toContain("vault audit enable file file_path=/var/log/vault/audit.log");
    expect(helper).toContain("if vault audit list -format=json 2>/dev/null | grep -q '\"file/\"'; then");
    expect(helper).toContain(
      "vault operator raft autopilot set-config -cleanup-dead-servers=true \\\n  -min-quorum=3 -dead-server-last-contact-threshold=10m",
    );
  });

  test("talks to the local node by default, verifying it against the service name", () => {
    expect(helper).toContain("printenv VAULT_ADDR >/dev/null || export VAULT_ADDR=https://127.0.0.1:8200");
    expect(helper).toContain("printenv VAULT_CACERT >/dev/null || export VAULT_CACERT=/opt/vault/tls/ca.pem");
    expect(helper).toContain("export VAULT_TLS_SERVER_NAME='vault.acme-prod.internal'");
  });

  test("refuses a cluster size raft cannot use, an audit path that is not absolute and a bad threshold", () => {
    const base = { tlsServerName: "v", auditLog: "/var/log/vault/audit.log", nodes: 3 };
    expect(() => renderVaultPostInitHelper({ ...base, nodes: 4 })).toThrow("nodes must be 3 or 5, got 4");
    expect(() => renderVaultPostInitHelper({ ...base, auditLog: "audit.log" })).toThrow("absolute path");
    expect(() => renderVaultPostInitHelper({ ...base, deadServerThreshold: "ten" })).toThrow(
      "must look like 10m",
    );
  });
});
