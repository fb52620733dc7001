/**
 * How a Vault node is addressed and configured: the builder renders these, the SEC controls find the Vault
 * configuration and listener by them.
 */
export const VAULT_PORTS = { api: 8200, cluster: 8201 } as const;

/** Instance metadata keys a Vault node reads at boot; the SEC controls read the same keys. */
export const VAULT_METADATA_KEYS = {
  /** The rendered server configuration (HCL), identical on every node. */
  config: "vault-config",
  /** Path of the file audit device that the init runbook enables and the agents ship. */
  auditFile: "vault-audit-file",
  /** Path of the second file audit device (the vault-config stack enables it), which the agents ship too. */
  auditFallbackFile: "vault-audit-fallback-file",
} as const;

/**
 * The Vault API's service name, `vault.<prefix>.internal`: the private DNS record of the internal load balancer
 * and the name in every node certificate (constructs/sec/vault/cluster.ts), the name the vault-config stack's
 * provider verifies, and the address the raft snapshot job calls (stacks/backup.ts).
 */
export function vaultServiceName(namePrefix: string): string {
  return `vault.${namePrefix}.internal`;
}

/**
 * The deployment's Vault CA in Secret Manager: `bundle` holds the CA certificate and its private key (the Vault
 * nodes alone read it); `certificate` holds the CA certificate only, which the nodes publish there for clients
 * outside the cluster (the raft snapshot job verifies Vault's TLS with it). Both are declared by the vault stack.
 */
export const VAULT_CA_SECRETS = {
  bundle: (namePrefix: string) => `${namePrefix}-vault-tls-ca`,
  certificate: (namePrefix: string) => `${namePrefix}-vault-ca-cert`,
} as const;

/** Network tag on every Vault node: raft auto-join finds peers by it. */
export const VAULT_NODE_TAG = "vault-server";

/** Device name of the raft data disk; the boot script finds it at /dev/disk/by-id/google-<name>. */
export const RAFT_DEVICE_NAME = "vault-raft";

/**
 * The raft snapshot job's identity in Vault: the backup stack's writer service account logs in with Vault's GCP
 * auth method under this role and holds only this policy (read `sys/storage/raft/snapshot`).
 */
export const VAULT_SNAPSHOT_ACCESS = {
  serviceAccountId: "vault-snapshot-writer",
  authRole: "raft-snapshot",
  policy: "raft-snapshot",
} as const;

/** The one Vault policy that may hold `sudo` on a path matching everything: administrators'. */
export const VAULT_ADMIN_POLICY = "vault-admin";
