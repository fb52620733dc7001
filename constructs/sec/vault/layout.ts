/** Where things live on a Vault node: shared by the config renderer, the boot script and the cluster construct. */
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
