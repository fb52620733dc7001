import { renderAptSigningKey } from "../../cmp/apt-signing-key";
import { shellQuote } from "../../mon/wazuh/apt";
import { renderOpsAgentConfig } from "./ops-agent";
import { RAFT_DEVICE_NAME, VAULT_METADATA_KEYS, VAULT_PORTS } from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";

/** "HashiCorp Security (HashiCorp Package Signing)", the key apt.releases.hashicorp.com signs with since 2023. */
export const HASHICORP_KEY_FINGERPRINT = "798AEC654E5C15428C8E42EEAA16FCBCA621E701";
const HASHICORP_KEYRING = "/usr/share/keyrings/hashicorp-archive-keyring.gpg";
/** Ops Agent major release line: minor and patch updates only, never a breaking major upgrade at boot. */
const OPS_AGENT_VERSION = "2.*.*";

export interface VaultTlsSecretIds {
  /** Server certificate (PEM, leaf first, then intermediates). */
  readonly cert: string;
  /** Its private key (PEM). */
  readonly key: string;
  /** CA certificate that signed every node's certificate; joining nodes verify the leader with it. */
  readonly ca: string;
}

export interface VaultStartupScriptProps {
  /** Vault release, e.g. 1.20.4; installed as the Debian package revision 1 and held. */
  readonly version: string;
  readonly project: string;
  readonly tlsSecrets: VaultTlsSecretIds;
  /** Name in the node certificates; the local CLI connects with it. */
  readonly tlsServerName: string;
  /** Bash fragment installing the Wazuh agent (constructs/mon/wazuh/agent.ts), when monitoring is on. */
  readonly wazuhAgent?: string;
}

/**
 * Boot script of a Vault node (root, every boot, each step idempotent): no swap; Vault pinned from
 * HashiCorp's repository after checking the signing key's fingerprint; the raft disk formatted only when
 * blank and mounted by UUID; TLS material from Secret Manager; the shared config from instance metadata and
 * the node identity from the metadata server; Vault under systemd as the `vault` user; the audit log
 * rotated, shipped by the Ops Agent and (when given) watched by the Wazuh agent.
 */
export function renderVaultStartupScript(props: VaultStartupScriptProps): string {
  if (!/^\d+\.\d+\.\d+$/.test(props.version))
    throw new Error(`Vault version must look like 1.20.4, got "${props.version}"`);
  const script = [
    "#!/bin/bash",
    "# Vault node boot script rendered by gcp-security-baseline (constructs/vault/startup-script.ts).",
    "set -euo pipefail",
    "",
    `readonly VAULT_VERSION=${shellQuote(props.version)}`,
    `readonly PROJECT=${shellQuote(props.project)}`,
    `readonly RAFT_DEVICE=/dev/disk/by-id/google-${RAFT_DEVICE_NAME}`,
    "",
    "metadata() {",
    `  curl -fsS -H 'Metadata-Flavor: Google' "http://metadata.google.internal/computeMetadata/v1/instance/$1"`,
    "}",
    "",
    "# Vault runs with mlock disabled (integrated storage), so no page of its memory may be swapped out.",
    "swapoff -a",
    "",
    installVault(),
    "",
    mountRaftDisk(),
    "",
    fetchTls(props.tlsSecrets),
    "",
    writeConfig(props.tlsServerName),
    "",
    auditLog(props.tlsServerName),
    "",
    startVault(),
    "",
    installOpsAgent(),
    ...(props.wazuhAgent ? ["", props.wazuhAgent] : []),
    "",
  ].join("\n");
  assertNoTerraformTemplate(script);
  return script;
}

function installVault(): string {
  return [
    "# --- Vault from HashiCorp's Debian repository; apt trusts the key only if it is HashiCorp's.",
    "export DEBIAN_FRONTEND=noninteractive",
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
    'apt-get install -y "vault=$VAULT_VERSION-1"',
    "apt-mark hold vault",
  ].join("\n");
}

function mountRaftDisk(): string {
  const mount = VAULT_PATHS.raftData;
  return [
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

function fetchTls(secrets: VaultTlsSecretIds): string {
  return [
    "# --- TLS material from Secret Manager. The operator adds the secret versions (README, Vault); until then",
    "# the node waits here and Vault does not start.",
    // Readable directory: operators' CLI needs the CA certificate; the key file itself is vault-only (0600).
    `install -d -m 0755 -o vault -g vault ${VAULT_PATHS.tlsDir}`,
    "# The package generates a self-signed pair at install; Vault never uses it, so it does not stay around.",
    `rm -f ${VAULT_PATHS.tlsDir}/tls.crt ${VAULT_PATHS.tlsDir}/tls.key`,
    "fetch_secret() {",
    '  local secret="$1" target="$2" mode="$3" tmp',
    '  tmp="$(mktemp)"',
    '  until gcloud secrets versions access latest --project="$PROJECT" --secret="$secret" > "$tmp"; do',
    '    echo "waiting for a version of secret $secret (see README: Vault TLS)" >&2',
    "    sleep 30",
    "  done",
    '  install -m "$mode" -o vault -g vault "$tmp" "$target"',
    '  rm -f "$tmp"',
    "}",
    `fetch_secret ${shellQuote(secrets.cert)} ${VAULT_PATHS.tlsCert} 0644`,
    `fetch_secret ${shellQuote(secrets.key)} ${VAULT_PATHS.tlsKey} 0600`,
    `fetch_secret ${shellQuote(secrets.ca)} ${VAULT_PATHS.tlsCa} 0644`,
  ].join("\n");
}

function writeConfig(tlsServerName: string): string {
  return [
    "# --- Configuration: the shared server config from instance metadata; node identity from the metadata server.",
    'config_file="$(mktemp)"',
    `metadata attributes/${VAULT_METADATA_KEYS.config} > "$config_file"`,
    `install -m 0640 -o root -g vault "$config_file" ${VAULT_PATHS.config}`,
    'rm -f "$config_file"',
    'node_ip="$(metadata network-interfaces/0/ip)"',
    writeFile(
      VAULT_PATHS.environment,
      [
        "VAULT_RAFT_NODE_ID=$(hostname -s)",
        `VAULT_API_ADDR=https://$node_ip:${VAULT_PORTS.api}`,
        `VAULT_CLUSTER_ADDR=https://$node_ip:${VAULT_PORTS.cluster}`,
      ],
      { expand: true },
    ),
    `chown root:vault ${VAULT_PATHS.environment}`,
    `chmod 0640 ${VAULT_PATHS.environment}`,
    "# The local CLI talks to this node and verifies it against the cluster's certificate name.",
    writeFile(
      "/etc/profile.d/vault.sh",
      cliEnvironment(tlsServerName).map((line) => `export ${line}`),
    ),
  ].join("\n");
}

function auditLog(tlsServerName: string): string {
  const dir = VAULT_PATHS.auditLog.replace(/\/[^/]+$/, "");
  return [
    "# --- Audit log: written by the file audit device that the init runbook enables once, rotated with a",
    "# SIGHUP so Vault reopens the file.",
    `install -d -m 0750 -o vault -g vault ${dir}`,
    writeFile("/etc/logrotate.d/vault-audit", [
      `${VAULT_PATHS.auditLog} {`,
      "  daily",
      "  rotate 7",
      "  compress",
      "  delaycompress",
      "  missingok",
      "  notifempty",
      "  postrotate",
      "    systemctl reload vault",
      "  endscript",
      "}",
    ]),
    writeFile(ENABLE_AUDIT_HELPER, renderEnableAuditHelper(tlsServerName).trimEnd().split("\n")),
    `chmod 0750 ${ENABLE_AUDIT_HELPER}`,
  ].join("\n");
}

function startVault(): string {
  return [
    "# --- Vault under systemd (the package's unit) as the unprivileged vault user, only with the raft disk mounted.",
    "mkdir -p /etc/systemd/system/vault.service.d",
    writeFile("/etc/systemd/system/vault.service.d/baseline.conf", [
      "[Unit]",
      `RequiresMountsFor=${VAULT_PATHS.raftData}`,
      "[Service]",
      "User=vault",
      "Group=vault",
    ]),
    "systemctl daemon-reload",
    "systemctl enable vault",
    "systemctl restart vault",
  ].join("\n");
}

function installOpsAgent(): string {
  return [
    "# --- Ops Agent (Google's installer, major version pinned) shipping the audit log to Cloud Logging.",
    "if ! dpkg -s google-cloud-ops-agent >/dev/null 2>&1; then",
    '  ops_installer="$(mktemp)"',
    '  curl -fsSL https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh -o "$ops_installer"',
    `  bash "$ops_installer" --also-install --version=${shellQuote(OPS_AGENT_VERSION)}`,
    '  rm -f "$ops_installer"',
    "fi",
    "mkdir -p /etc/google-cloud-ops-agent",
    writeFile(
      "/etc/google-cloud-ops-agent/config.yaml",
      renderOpsAgentConfig(VAULT_PATHS.auditLog).trimEnd().split("\n"),
    ),
    "systemctl restart google-cloud-ops-agent",
  ].join("\n");
}

/** Path of the helper the init runbook runs once (README, Vault). */
export const ENABLE_AUDIT_HELPER = "/usr/local/sbin/vault-enable-audit";

/**
 * The init runbook's audit step as a script: enables the file audit device unless it is on. It needs a token
 * with sudo on sys/audit (the initial root token), which a boot script never holds, so it cannot run at boot.
 */
export function renderEnableAuditHelper(tlsServerName: string): string {
  return [
    "#!/bin/bash",
    "# Enables Vault's file audit device once, right after `vault operator init` (README, Vault).",
    "# Needs VAULT_TOKEN with sudo on sys/audit (the initial root token). Safe to run again.",
    "set -euo pipefail",
    ...cliEnvironment(tlsServerName).map((line) => `export ${line}`),
    "if ! printenv VAULT_TOKEN >/dev/null; then",
    '  echo "set VAULT_TOKEN to a token with sudo on sys/audit (the initial root token)" >&2',
    "  exit 2",
    "fi",
    "if vault audit list -format=json 2>/dev/null | grep -q '\"file/\"'; then",
    '  echo "the file audit device is already enabled"',
    "  exit 0",
    "fi",
    `vault audit enable file file_path=${VAULT_PATHS.auditLog}`,
    "",
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
