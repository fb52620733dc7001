/**
 * Vault ACL policies as HCL text, written by the vault-config stack and read back by the SEC controls and the
 * real-server test. Every path is literal or ends in one `*` under the workload's own prefix: a policy never
 * reaches another workload's secrets, and no policy here grants `sudo` on `*`.
 */

import { VAULT_ADMIN_POLICY } from "../../../shared/vault";

/** Where each engine is mounted. */
export const VAULT_MOUNTS = {
  kv: "kv",
  database: "database",
  gcpSecrets: "gcp",
  gcpAuth: "gcp",
  oidcAuth: "oidc",
} as const;

/** The policy every administrator holds (through an OIDC admin group, or a token an admin creates). */
export const ADMIN_POLICY = VAULT_ADMIN_POLICY;
/** The policy of people outside the admin groups: they see the mounts, not the secrets. */
export const READER_POLICY = "vault-reader";

/** The KV v2 prefix a workload owns: `kv/data/workloads/<name>/...`. */
export function workloadKvPrefix(name: string): string {
  return `workloads/${name}`;
}

export interface WorkloadPolicyProps {
  readonly name: string;
  /** The database role the workload may read credentials from (its own, `database/creds/<name>`). */
  readonly databaseRole?: string;
  /** Impersonated-account names of the GCP secrets engine the workload may get tokens from. */
  readonly impersonatedAccounts?: readonly string[];
}

type Capability = "create" | "read" | "update" | "patch" | "delete" | "list" | "sudo" | "deny";

function rule(path: string, capabilities: readonly Capability[], comment: string): string {
  return [
    `# ${comment}`,
    `path "${path}" {`,
    `  capabilities = [${capabilities.map((c) => `"${c}"`).join(", ")}]`,
    "}",
  ].join("\n");
}

/** A workload reads its own KV secrets, its own database credentials and its own impersonated tokens. */
export function renderWorkloadPolicy(props: WorkloadPolicyProps): string {
  const kv = `${VAULT_MOUNTS.kv}/data/${workloadKvPrefix(props.name)}/*`;
  const kvMeta = `${VAULT_MOUNTS.kv}/metadata/${workloadKvPrefix(props.name)}/*`;
  const rules = [
    rule(kv, ["read"], `workload ${props.name}: its own KV v2 secrets, read only`),
    rule(kvMeta, ["read", "list"], "their versions and keys"),
  ];
  if (props.databaseRole)
    rules.push(
      rule(
        `${VAULT_MOUNTS.database}/creds/${props.databaseRole}`,
        ["read"],
        "dynamic PostgreSQL credentials of its own role",
      ),
    );
  for (const account of props.impersonatedAccounts ?? [])
    rules.push(
      rule(
        `${VAULT_MOUNTS.gcpSecrets}/impersonated-account/${account}/token`,
        ["read"],
        `short-lived access tokens of ${account}`,
      ),
    );
  return rules.join("\n\n") + "\n";
}

const MANAGE: readonly Capability[] = ["create", "read", "update", "patch", "delete", "list"];
const SEE: readonly Capability[] = ["read", "list"];

/**
 * Administration without `sudo` anywhere: the secrets engines' configuration, every KV secret, database and GCP
 * engine roles, leases. Policies, auth methods and their roles (token roles included) are read-only here: a
 * policy that can rewrite a policy, or an auth role's or token role's policies, grants its holder anything, so
 * they change only through this stack, applied with a root token generated for the apply and revoked after it
 * (README). What needs `sudo` or root (audit devices, auth method mounts, raft snapshots and peers, seal,
 * generate-root) stays with that same break-glass procedure (`vault operator generate-root`).
 */
export function renderAdminPolicy(): string {
  return (
    [
      rule("sys/mounts", ["read"], "see the secrets engines"),
      rule("sys/mounts/*", MANAGE, "manage secrets engines"),
      rule(
        "sys/auth",
        ["read"],
        "see the auth methods (enabling or tuning one needs sudo: root-token apply)",
      ),
      rule("sys/policies/acl", ["list"], "list policies"),
      rule("sys/policies/acl/*", SEE, "read policies; only the root-token apply of this stack writes them"),
      // `vault lease lookup <id>` puts the id in the body of sys/leases/lookup; `vault lease revoke <id>` puts
      // it in the path. Listing leases (sys/leases/lookup/<prefix>) or revoking a prefix needs sudo: not here.
      rule("sys/leases/lookup", ["update"], "look up a lease by its id"),
      rule("sys/leases/revoke", ["update"], "revoke a lease by its id (API)"),
      rule("sys/leases/revoke/*", ["update"], "revoke a lease by its id (CLI)"),
      rule("sys/capabilities", ["update"], "check what a token may do"),
      rule("auth/*", SEE, "read auth and token roles; only the root-token apply of this stack writes them"),
      rule(`${VAULT_MOUNTS.kv}/*`, MANAGE, "write and rotate workload secrets"),
      rule(`${VAULT_MOUNTS.database}/*`, MANAGE, "database connections, roles, root rotation"),
      rule(`${VAULT_MOUNTS.gcpSecrets}/*`, MANAGE, "GCP secrets engine accounts"),
    ].join("\n\n") + "\n"
  );
}

/** People outside the admin groups: they see what exists, never a secret. */
export function renderReaderPolicy(): string {
  return (
    [
      rule("sys/mounts", ["read"], "see the secrets engines"),
      rule(`${VAULT_MOUNTS.kv}/metadata/*`, ["list"], "list secret names, never values"),
    ].join("\n\n") + "\n"
  );
}

/**
 * The raft snapshot job: read the snapshot (`vault operator raft snapshot save`), and revoke its own token once
 * saved. The GCP auth role issues tokens without the default policy, which is what would otherwise allow
 * `auth/token/revoke-self`.
 */
export function renderSnapshotPolicy(): string {
  return (
    [
      rule("sys/storage/raft/snapshot", ["read"], "take a raft snapshot; nothing else"),
      rule("auth/token/revoke-self", ["update"], "revoke its own token once the snapshot is saved"),
    ].join("\n\n") + "\n"
  );
}
