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
  /** The file audit device the Ops Agent ships (enabled by vault-post-init, imported by the vault-config stack). */
  auditLog: "/var/log/vault/audit.log",
  /** The second file audit device's file (the vault-config stack enables it): Vault never blocks on one. */
  auditFallbackLog: "/var/log/vault/audit-fallback.log",
} as const;
