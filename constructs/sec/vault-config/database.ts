import { Construct } from "constructs";
import { DatabaseSecretBackendConnection } from "@cdktf/provider-vault/lib/database-secret-backend-connection";
import { DatabaseSecretBackendRole } from "@cdktf/provider-vault/lib/database-secret-backend-role";
import { Mount } from "@cdktf/provider-vault/lib/mount";

/**
 * What a dynamic user may do: log in, and act as the workload's group role (which the database owner grants
 * the table privileges). Nothing else: no superuser, database or role creation, replication or RLS bypass.
 * Its sessions start as the group role (`SET role`, so what it creates belongs to the group role), and it is
 * NOINHERIT: after `SET ROLE NONE` it holds none of the group role's rights, only what PUBLIC has.
 */
export function creationStatements(groupRole: string): string[] {
  return [
    `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' NOINHERIT ` +
      "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;",
    `GRANT "${groupRole}" TO "{{name}}";`,
    `ALTER ROLE "{{name}}" SET role = '${groupRole}';`,
  ];
}

/**
 * Revocation (one transaction: Vault's PostgreSQL plugin runs the statements in one). Vault's user first
 * becomes a member of the dynamic user: that is what lets it end the user's sessions (PostgreSQL lets a member
 * of a role signal its backends, so Vault's user needs no pg_signal_backend, which would let it end anyone's)
 * and act on what it owns. Then the sessions end, waiting up to 5 s for each to exit so its temporary objects
 * are gone; whatever it still owns in this database goes to the group role (it may have left the group role
 * with `SET ROLE NONE` and created objects where PUBLIC may); its remaining privileges are dropped, then the
 * user: nothing of it remains in pg_roles.
 */
export function revocationStatements(groupRole: string): string[] {
  return [
    'GRANT "{{name}}" TO CURRENT_USER;',
    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = '{{name}}';",
    `REASSIGN OWNED BY "{{name}}" TO "${groupRole}";`,
    'DROP OWNED BY "{{name}}";',
    'DROP ROLE IF EXISTS "{{name}}";',
  ];
}

/** How Vault rotates its own login (`vault write -f database/rotate-root/<connection>`). */
export const ROOT_ROTATION_STATEMENTS = [`ALTER ROLE "{{username}}" WITH PASSWORD '{{password}}';`];

export interface DatabaseRoleSpec {
  /** Role name: `database/creds/<name>`. */
  readonly name: string;
  /** The PostgreSQL group role its users join. */
  readonly groupRole: string;
}

export interface VaultDatabaseEngineProps {
  readonly mountPath: string;
  /** The connection's name (the Cloud SQL instance's). */
  readonly connectionName: string;
  /** Host (the instance's private IP) and database Vault connects to. */
  readonly host: string;
  /**
   * PEM certificates of the CA(s) that sign the server's certificate (Cloud SQL: the instance's server CA
   * certificates, current and upcoming). Vault verifies the server's chain against them (`sslmode=verify-ca`);
   * not the host name: a Cloud SQL per-instance CA's server certificate names `<project>:<instance>`, not the
   * private IP, and that CA signs no other instance's certificate.
   */
  readonly serverCa: string;
  readonly database: string;
  /** The PostgreSQL user Vault logs in as, and whose password it rotates. */
  readonly username: string;
  /**
   * Its first password, write-only (`password_wo`: never in plan or state), from an ephemeral variable: the
   * runbook rotates it away right after apply.
   */
  readonly bootstrapPassword: string;
  readonly roles: readonly DatabaseRoleSpec[];
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
}

/**
 * The database secrets engine for one PostgreSQL instance: a connection over TLS, the server's certificate
 * checked against the instance's CA, whose root credential Vault
 * rotates (no person keeps it), and one dynamic role per workload with short TTLs and least-privilege
 * creation and revocation SQL.
 */
export class VaultDatabaseEngine extends Construct {
  readonly mount: Mount;
  readonly connection: DatabaseSecretBackendConnection;
  readonly roles: DatabaseSecretBackendRole[];

  constructor(scope: Construct, id: string, props: VaultDatabaseEngineProps) {
    super(scope, id);
    this.mount = new Mount(this, "mount", {
      path: props.mountPath,
      type: "database",
      description: "Dynamic PostgreSQL credentials",
      defaultLeaseTtlSeconds: props.defaultTtlSeconds,
      maxLeaseTtlSeconds: props.maxTtlSeconds,
    });
    this.connection = new DatabaseSecretBackendConnection(this, "connection", {
      backend: this.mount.path,
      name: props.connectionName,
      pluginName: "postgresql-database-plugin",
      allowedRoles: props.roles.map((r) => r.name),
      verifyConnection: true,
      rootRotationStatements: ROOT_ROTATION_STATEMENTS,
      postgresql: {
        connectionUrl: `postgresql://{{username}}:{{password}}@${props.host}:5432/${props.database}?sslmode=verify-ca`,
        tlsCa: props.serverCa,
        username: props.username,
        passwordWo: props.bootstrapPassword,
        passwordWoVersion: 1,
        maxOpenConnections: 4,
      },
    });
    this.roles = props.roles.map(
      (role) =>
        new DatabaseSecretBackendRole(this, `role-${role.name}`, {
          backend: this.mount.path,
          name: role.name,
          dbName: this.connection.name,
          creationStatements: creationStatements(role.groupRole),
          revocationStatements: revocationStatements(role.groupRole),
          defaultTtl: props.defaultTtlSeconds,
          maxTtl: props.maxTtlSeconds,
        }),
    );
  }
}
