import { shellQuote } from "../../mon/wazuh/apt";
import { VAULT_PORTS } from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";

/** Path of the helper the init runbook runs once, right after `vault operator init` (docs/stacks.md, Vault). */
export const POST_INIT_HELPER = "/usr/local/sbin/vault-post-init";

/**
 * How long a raft peer may go without contact before autopilot counts it as dead. Autopilot removes a dead
 * peer only while more voters than the configured node count remain (min_quorum), so a node being recreated
 * is never removed; a node replaced for good (a new instance name) is removed this long after it died.
 */
export const DEAD_SERVER_THRESHOLD = "10m";

export interface VaultPostInitProps {
  /** Name in the node certificates; the helper's CLI verifies the local node against it. */
  readonly tlsServerName: string;
  /** The file audit device's path. */
  readonly auditLog: string;
  /** Voters the cluster is sized for: autopilot never prunes below it (min_quorum). */
  readonly nodes: number;
  /** Autopilot's dead_server_last_contact_threshold (Vault refuses less than 1m). */
  readonly deadServerThreshold?: string;
}

/**
 * The init runbook's one-off steps as a script, run with the initial root token right after `vault operator
 * init`: enables the file audit device (unless it is on) and turns on autopilot's dead-server cleanup with
 * min_quorum = the configured node count. Neither can be set in Vault's configuration file, and a boot
 * script never holds a token. Safe to run again. VAULT_ADDR and VAULT_CACERT default to the local node
 * (/etc/profile.d/vault.sh); the real-cluster test points them at its loopback nodes.
 */
export function renderVaultPostInitHelper(props: VaultPostInitProps): string {
  if (props.nodes !== 3 && props.nodes !== 5) throw new Error(`nodes must be 3 or 5, got ${props.nodes}`);
  const threshold = props.deadServerThreshold ?? DEAD_SERVER_THRESHOLD;
  if (!/^\/[\w./-]+$/.test(props.auditLog))
    throw new Error(`audit log must be an absolute path, got "${props.auditLog}"`);
  if (!/^\d+[smh]$/.test(threshold))
    throw new Error(`dead-server threshold must look like 10m, got "${threshold}"`);
  return [
    "#!/bin/bash",
    "# Vault's one-off set-up after `vault operator init` (docs/stacks.md, Vault): the file audit device and",
    "# autopilot's dead-server cleanup. Needs VAULT_TOKEN with sudo on sys/audit and write on",
    "# sys/storage/raft/autopilot (the initial root token). Safe to run again.",
    "set -euo pipefail",
    `printenv VAULT_ADDR >/dev/null || export VAULT_ADDR=https://127.0.0.1:${VAULT_PORTS.api}`,
    `printenv VAULT_CACERT >/dev/null || export VAULT_CACERT=${VAULT_PATHS.tlsCa}`,
    `printenv VAULT_TLS_SERVER_NAME >/dev/null || export VAULT_TLS_SERVER_NAME=${shellQuote(props.tlsServerName)}`,
    "if ! printenv VAULT_TOKEN >/dev/null; then",
    '  echo "set VAULT_TOKEN to the initial root token (or one with sudo on sys/audit)" >&2',
    "  exit 2",
    "fi",
    "if vault audit list -format=json 2>/dev/null | grep -q '\"file/\"'; then",
    '  echo "the file audit device is already enabled"',
    "else",
    `  vault audit enable file file_path=${props.auditLog}`,
    "fi",
    "# A dead peer is removed only while more than min_quorum voters remain: never below the configured size.",
    "vault operator raft autopilot set-config -cleanup-dead-servers=true \\",
    `  -min-quorum=${props.nodes} -dead-server-last-contact-threshold=${threshold}`,
    "vault operator raft autopilot get-config",
    "",
  ].join("\n");
}
