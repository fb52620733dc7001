/**
 * Where things live on a Vault node and how the node is addressed: shared by the config renderer, the boot
 * script, the cluster construct and the SEC controls (which find the Vault config by its metadata key).
 */
export const VAULT_PORTS = { api: 8200, cluster: 8201 } as const;

export const VAULT_PATHS = {
  config: "/etc/vault.d/vault.hcl",
  /** Node-specific settings (raft node id, advertised addresses), read by the packaged systemd unit. */
  environment: "/etc/vault.d/vault.env",
  /** Mount point of the raft data disk. */
  raftData: "/opt/vault/data",
  tlsDir: "/opt/vault/tls",
  tlsCert: "/opt/vault/tls/vault.pem",
  tlsKey: "/opt/vault/tls/vault-key.pem",
  tlsCa: "/opt/vault/tls/ca.pem",
  auditLog: "/var/log/vault/audit.log",
} as const;

/** Instance metadata keys a Vault node reads at boot; the SEC controls read the same keys. */
export const VAULT_METADATA_KEYS = {
  /** The rendered server configuration (HCL), identical on every node. */
  config: "vault-config",
  /** Path of the file audit device that the init runbook enables and the agents ship. */
  auditFile: "vault-audit-file",
} as const;

/** Network tag on every Vault node: raft auto-join finds peers by it. */
export const VAULT_NODE_TAG = "vault-server";

/** Device name of the raft data disk; the boot script finds it at /dev/disk/by-id/google-<name>. */
export const RAFT_DEVICE_NAME = "vault-raft";
