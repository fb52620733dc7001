import { renderAptSigningKey } from "../../cmp/apt-signing-key";
import { renderStepTracing } from "../../cmp/boot-steps";
import { renderNoninteractiveApt, shellQuote } from "../../mon/wazuh/apt";
import { renderOpsAgentConfig } from "./ops-agent";
import { RAFT_DEVICE_NAME, VAULT_METADATA_KEYS, VAULT_PORTS } from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";
import { NODE_TLS_SCRIPT } from "./node-tls";
import { POST_INIT_HELPER, renderVaultPostInitHelper } from "./post-init";

/** "HashiCorp Security (HashiCorp Package Signing)", the key apt.releases.hashicorp.com signs with since 2023. */
export const HASHICORP_KEY_FINGERPRINT = "798AEC654E5C15428C8E42EEAA16FCBCA621E701";
const HASHICORP_KEYRING = "/usr/share/keyrings/hashicorp-archive-keyring.gpg";
/**
 * Ops Agent major release: the node installs the newest 2.x from Google's repository of that major release
 * (`google-cloud-ops-agent-<codename>-2`, the repository Google's installer names for `--version=2.*.*`) and
 * holds it, never a breaking major upgrade at boot.
 */
export const OPS_AGENT_MAJOR = 2;
/** How the boot script names itself when a step fails: `vault-node boot script: step "<step>" failed ...`. */
const VAULT_BOOT_SCRIPT = "vault-node boot script";
const OPS_AGENT_SOURCE = "/etc/apt/sources.list.d/google-cloud-ops-agent.list";

export interface VaultStartupScriptProps {
  /** Vault release, e.g. 1.20.4; installed as the Debian package revision 1 and held. */
  readonly version: string;
  /** The node certificate script (renderVaultNodeTlsScript), installed, run at every boot and daily. */
  readonly nodeTlsScript: string;
  /** Name in the node certificates; the local CLI connects with it. */
  readonly tlsServerName: string;
  /** Voters the cluster is sized for (autopilot's min_quorum, set by the post-init helper). */
  readonly nodes: number;
  /** Bash fragment installing the Wazuh agent (constructs/mon/wazuh/agent.ts), when monitoring is on. */
  readonly wazuhAgent?: string;
}

/**
 * The node-specific settings the packaged systemd unit reads from vault.env: the raft node id (the instance
 * name, which the group keeps across recreation) and the advertised addresses (the node's internal IP on
 * nic0, which the group's stateful_internal_ip keeps). The boot script writes them with shell expressions; the
 * real-cluster test starts its nodes with the same variables.
 */
export function vaultNodeEnvironment(nodeId: string, address: string): string[] {
  return [
    `VAULT_RAFT_NODE_ID=${nodeId}`,
    `VAULT_API_ADDR=https://${address}:${VAULT_PORTS.api}`,
    `VAULT_CLUSTER_ADDR=https://${address}:${VAULT_PORTS.cluster}`,
  ];
}

/**
 * Boot script of a Vault node (root, every boot, each step idempotent): no swap; Vault pinned from
 * HashiCorp's repository after checking the signing key's fingerprint (skipped when that release is already
 * installed, so a reboot is quick); the raft disk formatted only when blank and mounted by UUID; the node's
 * own certificate from the deployment's Vault CA (created by the first node when there is none, so no
 * operator step gates the start); the shared config from instance metadata and the node identity from the
 * metadata server; Vault under systemd as the `vault` user, restarted only when its files changed; the audit
 * log rotated, shipped by the Ops Agent and (when given) watched by the Wazuh agent. Any failing command stops
 * the script, naming the step it was in (renderStepTracing).
 */
export function renderVaultStartupScript(props: VaultStartupScriptProps): string {
  if (!/^\d+\.\d+\.\d+$/.test(props.version))
    throw new Error(`Vault version must look like 1.20.4, got "${props.version}"`);
  const script = [
    "#!/bin/bash",
    "# Vault node boot script rendered by gcp-security-baseline (constructs/sec/vault/startup-script.ts).",
    renderStepTracing(VAULT_BOOT_SCRIPT),
    "",
    `readonly VAULT_VERSION=${shellQuote(props.version)}`,
    `readonly RAFT_DEVICE=/dev/disk/by-id/google-${RAFT_DEVICE_NAME}`,
    "",
    "metadata() {",
    `  curl -fsS -H 'Metadata-Flavor: Google' "http://metadata.google.internal/computeMetadata/v1/instance/$1"`,
    "}",
    "",
    "# put SRC DEST MODE OWNER: installs SRC as DEST unless DEST already has that content; notes a change.",
    "changed=0",
    "put() {",
    '  if ! cmp -s "$1" "$2"; then',
    '    install -m "$3" "$1" "$2"',
    '    chown "$4" "$2"',
    "    changed=1",
    "  fi",
    '  rm -f "$1"',
    "}",
    "",
    'begin "swap off"',
    "# Vault runs with mlock disabled (integrated storage), so no page of its memory may be swapped out.",
    "swapoff -a",
    "",
    installVault(),
    "",
    mountRaftDisk(),
    "",
    'begin "node identity"',
    "# --- Node identity: the instance name (kept by the group across recreation) is the raft node id; the",
    "# internal IP of nic0 (kept by the group's stateful_internal_ip) is the advertised address.",
    'node_ip="$(metadata network-interfaces/0/ip)"',
    'node_name="$(metadata hostname)"',
    "",
    nodeTls(props.nodeTlsScript),
    "",
    writeConfig(props.tlsServerName),
    "",
    auditLog(props),
    "",
    startVault(),
    "",
    installOpsAgent(),
    ...(props.wazuhAgent ? ["", 'begin "Wazuh agent"', props.wazuhAgent] : []),
    "",
  ].join("\n");
  assertNoTerraformTemplate(script);
  return script;
}

function installVault(): string {
  const install = [
    "apt-get update",
    "apt-get install -y --no-install-recommends ca-certificates curl gnupg",
    renderAptSigningKey({
      vendor: "HashiCorp",
      url: "https://apt.releases.hashicorp.com/gpg",
      fingerprint: HASHICORP_KEY_FINGERPRINT,
      keyring: HASHICORP_KEYRING,
    }),
    "codename=\"$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)\"",
    `echo "deb [signed-by=${HASHICORP_KEYRING}] https://apt.releases.hashicorp.com $codename main" > /etc/apt/sources.list.d/hashicorp.list`,
    "apt-get update",
    'apt-get install -y --allow-change-held-packages "vault=$VAULT_VERSION-1"',
    "apt-mark hold vault",
  ];
  return [
    'begin "Vault package"',
    "# --- Vault from HashiCorp's Debian repository; apt trusts the key only if it is HashiCorp's. Skipped when",
    "# the pinned release is installed already (a reboot), so the node answers its health check quickly.",
    renderNoninteractiveApt(),
    'if [ "$(dpkg-query -W vault 2>/dev/null | cut -f2)" != "$VAULT_VERSION-1" ]; then',
    ...indent(install.join("\n")),
    "fi",
  ].join("\n");
}

function indent(text: string): string[] {
  return text.split("\n").map((line) => (line === "" ? line : `  ${line}`));
}

function mountRaftDisk(): string {
  const mount = VAULT_PATHS.raftData;
  return [
    'begin "raft disk"',
    "# --- Raft data disk (stateful, survives instance recreation): formatted only when blank, mounted by UUID.",
    "for _ in $(seq 60); do",
    '  [ -e "$RAFT_DEVICE" ] && break',
    "  sleep 2",
    "done",
    'if [ -z "$(blkid -o value -s TYPE "$RAFT_DEVICE" || true)" ]; then',
    `  mkfs.ext4 -m 0 -E lazy_itable_init=0,lazy_journal_init=0,discard -L ${RAFT_DEVICE_NAME} "$RAFT_DEVICE"`,
    "fi",
    'raft_uuid="$(blkid -o value -s UUID "$RAFT_DEVICE")"',
    'if ! grep -q "^UUID=$raft_uuid " /etc/fstab; then',
    `  echo "UUID=$raft_uuid ${mount} ext4 defaults,nofail,discard 0 2" >> /etc/fstab`,
    "fi",
    `mkdir -p ${mount}`,
    `mountpoint -q ${mount} || mount ${mount}`,
    `chown vault:vault ${mount}`,
    `chmod 0750 ${mount}`,
  ].join("\n");
}

function nodeTls(nodeTlsScript: string): string {
  const renew = "vault-tls-renew";
  return [
    'begin "node certificate"',
    "# --- This node's TLS certificate from the deployment's Vault CA (Secret Manager; the first node creates",
    "# it), renewed daily. The package's self-signed pair is never used, so it does not stay around.",
    `rm -f ${VAULT_PATHS.tlsDir}/tls.crt ${VAULT_PATHS.tlsDir}/tls.key`,
    writeFile(NODE_TLS_SCRIPT, nodeTlsScript.trimEnd().split("\n")),
    `chmod 0750 ${NODE_TLS_SCRIPT}`,
    `tls_result="$(${NODE_TLS_SCRIPT} "$node_ip" "$node_name")"`,
    'if [ "$tls_result" = issued ]; then changed=1; fi',
    writeFile(
      `/etc/systemd/system/${renew}.service`,
      [
        "[Unit]",
        "Description=Renew this Vault node's TLS certificate from the Vault CA",
        "[Service]",
        "Type=oneshot",
        `ExecStart=${NODE_TLS_SCRIPT} --reload $node_ip $node_name`,
      ],
      { expand: true },
    ),
    writeFile(`/etc/systemd/system/${renew}.timer`, [
      "[Unit]",
      "Description=Daily renewal of this Vault node's TLS certificate",
      "[Timer]",
      "OnCalendar=daily",
      "RandomizedDelaySec=1h",
      "Persistent=true",
      "[Install]",
      "WantedBy=timers.target",
    ]),
  ].join("\n");
}

function writeConfig(tlsServerName: string): string {
  return [
    'begin "configuration"',
    "# --- Configuration: the shared server config from instance metadata; node identity in vault.env.",
    'config_file="$(mktemp)"',
    `metadata attributes/${VAULT_METADATA_KEYS.config} > "$config_file"`,
    `put "$config_file" ${VAULT_PATHS.config} 0640 root:vault`,
    'env_file="$(mktemp)"',
    writeFile('"$env_file"', vaultNodeEnvironment("$(hostname -s)", "$node_ip"), { expand: true }),
    `put "$env_file" ${VAULT_PATHS.environment} 0640 root:vault`,
    "# The local CLI talks to this node and verifies it against the cluster's certificate name.",
    writeFile(
      "/etc/profile.d/vault.sh",
      cliEnvironment(tlsServerName).map((line) => `export ${line}`),
    ),
  ].join("\n");
}

function auditLog(props: VaultStartupScriptProps): string {
  const dir = VAULT_PATHS.auditLog.replace(/\/[^/]+$/, "");
  if (!VAULT_PATHS.auditFallbackLog.startsWith(`${dir}/`))
    throw new Error(`the fallback audit log ${VAULT_PATHS.auditFallbackLog} must be in ${dir}`);
  const helper = renderVaultPostInitHelper({
    tlsServerName: props.tlsServerName,
    auditLog: VAULT_PATHS.auditLog,
    nodes: props.nodes,
  });
  return [
    'begin "audit log"',
    "# --- Audit logs: the file audit device that the init runbook enables once (vault-post-init) and the",
    "# vault-config stack's second device, rotated together with one SIGHUP so Vault reopens both files.",
    `install -d -m 0750 -o vault -g vault ${dir}`,
    writeFile("/etc/logrotate.d/vault-audit", [
      `${VAULT_PATHS.auditLog} ${VAULT_PATHS.auditFallbackLog} {`,
      "  daily",
      "  rotate 7",
      "  compress",
      "  delaycompress",
      "  missingok",
      "  notifempty",
      "  sharedscripts",
      "  postrotate",
      "    systemctl reload vault",
      "  endscript",
      "}",
    ]),
    writeFile(POST_INIT_HELPER, helper.trimEnd().split("\n")),
    `chmod 0755 ${POST_INIT_HELPER}`,
  ].join("\n");
}

function startVault(): string {
  return [
    'begin "start Vault"',
    "# --- Vault under systemd (the package's unit) as the unprivileged vault user, only with the raft disk",
    "# mounted. Restarted only when its configuration or certificate changed: a reboot does not make the",
    "# active node step down twice.",
    "mkdir -p /etc/systemd/system/vault.service.d",
    'unit_file="$(mktemp)"',
    writeFile('"$unit_file"', [
      "[Unit]",
      `RequiresMountsFor=${VAULT_PATHS.raftData}`,
      "[Service]",
      "User=vault",
      "Group=vault",
    ]),
    'put "$unit_file" /etc/systemd/system/vault.service.d/baseline.conf 0644 root:root',
    "systemctl daemon-reload",
    "systemctl enable vault vault-tls-renew.timer",
    "systemctl start vault-tls-renew.timer",
    'if [ "$changed" = 1 ] || ! systemctl is-active --quiet vault; then',
    "  systemctl restart vault",
    "fi",
  ].join("\n");
}

function installOpsAgent(): string {
  const suite = `google-cloud-ops-agent-$ops_codename-${OPS_AGENT_MAJOR}`;
  return [
    'begin "Ops Agent"',
    "# --- Ops Agent from Google's signed apt repository (major release pinned, held), shipping the audit log to",
    "# Cloud Logging. apt verifies it with the keys the image trusts, as it does the image's own Google sources",
    "# (Google's images install google-cloud-packages-archive-keyring into apt's trusted keyrings and name no",
    "# signed-by); no key is downloaded. Fails closed: when the repository does not verify, the update of this",
    "# one source fails and the script stops, naming the step.",
    "ops_agent_failed() {",
    `  echo "${VAULT_BOOT_SCRIPT}: step \\"Ops Agent\\" failed: $1" >&2`,
    "  exit 1",
    "}",
    "ops_codename=\"$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)\"",
    `echo "deb https://packages.cloud.google.com/apt ${suite} main" > ${OPS_AGENT_SOURCE}`,
    'ops_agent_installed="$(dpkg-query -W google-cloud-ops-agent 2>/dev/null | cut -f2 || true)"',
    "# Skipped when a release of the pinned major is installed already (a reboot).",
    'case "$ops_agent_installed" in',
    `  ${OPS_AGENT_MAJOR}.*) ;;`,
    "  *)",
    `    apt-get update --error-on=any -o Dir::Etc::sourcelist=${OPS_AGENT_SOURCE} -o Dir::Etc::sourceparts=- \\`,
    "      -o APT::Get::List-Cleanup=0 ||",
    `      ops_agent_failed "apt could not update https://packages.cloud.google.com/apt ${suite} (is the image's Google Cloud packages keyring trusted?)"`,
    `    apt-get install -y --allow-change-held-packages 'google-cloud-ops-agent=${OPS_AGENT_MAJOR}.*' ||`,
    `      ops_agent_failed "google-cloud-ops-agent ${OPS_AGENT_MAJOR}.* did not install"`,
    "    apt-mark hold google-cloud-ops-agent",
    "    ;;",
    "esac",
    "mkdir -p /etc/google-cloud-ops-agent",
    writeFile(
      "/etc/google-cloud-ops-agent/config.yaml",
      renderOpsAgentConfig(VAULT_PATHS.auditLog, VAULT_PATHS.auditFallbackLog).trimEnd().split("\n"),
    ),
    "systemctl enable google-cloud-ops-agent",
    "systemctl restart google-cloud-ops-agent",
  ].join("\n");
}

function cliEnvironment(tlsServerName: string): string[] {
  return [
    `VAULT_ADDR=https://127.0.0.1:${VAULT_PORTS.api}`,
    `VAULT_CACERT=${VAULT_PATHS.tlsCa}`,
    `VAULT_TLS_SERVER_NAME=${shellQuote(tlsServerName)}`,
  ];
}

const END_OF_FILE = "END_OF_FILE";

/** `cat > path` with a here-document; literal unless `expand` (then $var and $(cmd) are expanded). */
function writeFile(path: string, lines: readonly string[], options: { expand?: boolean } = {}): string {
  if (lines.includes(END_OF_FILE)) throw new Error(`${path}: content contains the here-document marker`);
  const marker = options.expand ? END_OF_FILE : `'${END_OF_FILE}'`;
  return [`cat > ${path} <<${marker}`, ...lines, END_OF_FILE].join("\n");
}

/**
 * Terraform treats `${` and `%{` in any string as its own template syntax, so a boot script stored in an
 * instance template must contain neither (bash expansions are written `$name`, never `${name}`).
 */
function assertNoTerraformTemplate(script: string): void {
  const found = /[$%]\{/.exec(script);
  if (found) {
    const line = script.slice(0, found.index).split("\n").length;
    throw new Error(
      `Vault boot script line ${line} contains "${found[0]}", which Terraform would interpolate`,
    );
  }
}
