import { readHcl } from "../../../../lib/hcl-reader";
import { VaultAuditDevices } from "../../../../constructs/sec/vault-config/audit";
import { VaultGcpAuth, VaultOidcAuth } from "../../../../constructs/sec/vault-config/auth";
import {
  VaultDatabaseEngine,
  creationStatements,
  revocationStatements,
} from "../../../../constructs/sec/vault-config/database";
import { VaultKv } from "../../../../constructs/sec/vault-config/secrets";
import {
  renderAdminPolicy,
  renderSnapshotPolicy,
  renderWorkloadPolicy,
} from "../../../../constructs/sec/vault-config/acl";
import { Policy } from "@cdktf/provider-vault/lib/policy";
import { attributesOf, synthScope } from "../../../support/synth";
import { expectUsedBarePasses } from "../../used-bare";

const TOKENS = { ttlSeconds: 900, maxTtlSeconds: 3600 };

describe("vault-config constructs used bare", () => {
  const json = synthScope((stack) => {
    new VaultAuditDevices(stack, "audit", {
      shippedFile: "/var/log/vault/audit.log",
      fallbackFile: "/var/log/b.log",
    });
    new VaultKv(stack, "kv", { path: "kv", maxVersions: 10 });
    new VaultDatabaseEngine(stack, "db", {
      mountPath: "database",
      connectionName: "pg",
      host: "10.0.0.5",
      serverCa: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      database: "app",
      username: "vault",
      bootstrapPassword: "${var.bootstrap}",
      roles: [{ name: "app", groupRole: "app_rw" }],
      defaultTtlSeconds: 3600,
      maxTtlSeconds: 14_400,
    });
    new VaultGcpAuth(stack, "gcp", {
      path: "gcp",
      project: "p",
      roles: [
        { name: "app", type: "gce", serviceAccount: "app@p.iam.gserviceaccount.com", policies: ["app"] },
      ],
      tokens: TOKENS,
    });
    new VaultOidcAuth(stack, "oidc", {
      path: "oidc",
      clientId: "client-1",
      groupsClaim: "groups",
      redirectUris: ["https://vault.example.com/ui/vault/auth/oidc/oidc/callback"],
      groups: [{ role: "admins", group: "platform-admins", policies: ["vault-admin"] }],
      tokens: TOKENS,
    });
    new Policy(stack, "admin", { name: "vault-admin", policy: renderAdminPolicy() });
    new Policy(stack, "app", {
      name: "app",
      policy: renderWorkloadPolicy({ name: "app", databaseRole: "app" }),
    });
  });

  test("passes the controls that judge them (SEC-13 without Vault hosts: only the two devices)", () => {
    expectUsedBarePasses(json, ["SEC-13", "SEC-14", "SEC-15", "SEC-16", "SEC-17", "SEC-18"]);
  });

  test("the OIDC role admits the client's audience and one group, with short tokens; no client secret", () => {
    expect(attributesOf(json, "vault_jwt_auth_backend_role")).toEqual([
      expect.objectContaining({
        role_name: "admins",
        role_type: "oidc",
        bound_audiences: ["client-1"],
        bound_claims: { groups: "platform-admins" },
        token_policies: ["vault-admin"],
        token_ttl: 900,
        token_max_ttl: 3600,
      }),
    ]);
    expect(attributesOf(json, "vault_auth_backend")).toEqual([
      expect.objectContaining({ type: "oidc", path: "oidc" }),
    ]);
    expect(JSON.stringify(json)).not.toContain("client_secret");
  });

  test("a gce role is bound to the account and the project", () => {
    expect(attributesOf(json, "vault_gcp_auth_backend_role")[0]).toMatchObject({
      type: "gce",
      bound_service_accounts: ["app@p.iam.gserviceaccount.com"],
      bound_projects: ["p"],
    });
  });
});

describe("Vault policies and SQL", () => {
  test("a workload's policy names only its own paths", () => {
    expect(
      readHcl(renderWorkloadPolicy({ name: "app", databaseRole: "app", impersonatedAccounts: ["bq"] })),
    ).toEqual({
      path: {
        "kv/data/workloads/app/*": [{ capabilities: ["read"] }],
        "kv/metadata/workloads/app/*": [{ capabilities: ["read", "list"] }],
        "database/creds/app": [{ capabilities: ["read"] }],
        "gcp/impersonated-account/bq/token": [{ capabilities: ["read"] }],
      },
    });
    expect(readHcl(renderSnapshotPolicy())).toEqual({
      path: {
        "sys/storage/raft/snapshot": [{ capabilities: ["read"] }],
        "auth/token/revoke-self": [{ capabilities: ["update"] }],
      },
    });
  });

  test("the admin policy grants sudo nowhere", () => {
    const paths = readHcl(renderAdminPolicy()).path as Record<string, { capabilities: string[] }[]>;
    expect(
      Object.values(paths)
        .flat()
        .flatMap((p) => p.capabilities),
    ).not.toContain("sudo");
  });

  test("the admin policy only reads policies, auth methods and auth or token roles", () => {
    const paths = readHcl(renderAdminPolicy()).path as Record<string, { capabilities: string[] }[]>;
    const writes = (path: string) =>
      paths[path].flatMap((p) => p.capabilities).filter((c) => !["read", "list"].includes(c));
    expect(writes("sys/policies/acl/*")).toEqual([]);
    expect(writes("auth/*")).toEqual([]);
    expect(Object.keys(paths).filter((p) => p.startsWith("sys/policy") || p.startsWith("sys/auth/"))).toEqual(
      [],
    );
  });

  test("dynamic users get no privilege but the group role, and revocation drops them", () => {
    expect(creationStatements("app_rw").join("\n")).toMatch(
      /NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION/,
    );
    expect(creationStatements("app_rw")[0]).toContain(" NOINHERIT ");
    const revocation = revocationStatements("app_rw");
    // Membership first: it is what lets Vault's user end the user's sessions (no pg_signal_backend).
    expect(revocation.slice(0, 2)).toEqual([
      'GRANT "{{name}}" TO CURRENT_USER;',
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = '{{name}}';",
    ]);
    expect(revocation).toContain('REASSIGN OWNED BY "{{name}}" TO "app_rw";');
    expect(revocation[revocation.length - 1]).toBe('DROP ROLE IF EXISTS "{{name}}";');
  });
});
