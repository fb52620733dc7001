import { z } from "zod";

/** A service account id (the part before `@<project>.iam.gserviceaccount.com`). */
const accountId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
    message:
      "expected a service account id: 6-30 lowercase letters, digits or hyphens, starting with a letter",
  })
  .meta({
    typeName: "service account id",
    typeRule:
      "6-30 lowercase letters, digits or hyphens; the account is `<id>@<projectId>.iam.gserviceaccount.com`",
  });

const postgresName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, { message: "expected a lowercase PostgreSQL name such as app_rw" })
  .meta({
    typeName: "PostgreSQL name",
    typeRule: "a lowercase letter, then up to 62 letters, digits or `_`",
  });

const workload = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, { message: "expected a workload name such as app" })
    .describe(
      "names the workload's GCP auth role and policy (`<name>`, `<name>-gce`), its KV path " +
        "(`kv/workloads/<name>/`) and its database role (`database/creds/<name>`)",
    ),
  serviceAccount: accountId.describe(
    "the one service account (in the environment's project) that logs in as this workload: the GCP auth " +
      "role is bound to it alone",
  ),
  gce: z
    .boolean()
    .describe(
      "also a `gce` login role (`<name>-gce`) for VMs running as the account, bound to it and the project",
    ),
  databaseGrant: postgresName
    .optional()
    .describe(
      "when set (and `database.enabled`): a dynamic PostgreSQL role `database/creds/<name>` whose users are " +
        "members of this group role only (the database owner creates it, see README)",
    ),
  impersonate: z
    .array(accountId)
    .optional()
    .describe(
      "service accounts the GCP secrets engine issues short-lived access tokens for " +
        "(`gcp/impersonated-account/<id>/token`), instead of keys; each must exist before apply (or be " +
        "listed in `createServiceAccounts`)",
    ),
});

const minutes = (max: number, what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(max, { message: `expected at most ${max} minutes: ${what}` });

export const vaultConfigSection = z
  .strictObject({
    tokenTtlMinutes: minutes(60, "login tokens are short-lived").describe(
      "TTL of every login token (GCP, OIDC): at most 60",
    ),
    tokenMaxTtlMinutes: minutes(240, "a token is renewable for at most 4 hours").describe(
      "max TTL of every login token, renewals included: at most 240",
    ),
    kvMaxVersions: z
      .number()
      .int()
      .min(1)
      .max(100, { message: "expected at most 100 versions per secret" })
      .describe("versions the KV v2 engine keeps per secret (the oldest is destroyed beyond it): 1-100"),
    database: z.strictObject({
      username: postgresName.describe(
        "the Cloud SQL user Vault connects as (created with a throwaway password, then rotated by Vault; README)",
      ),
      credentialTtlMinutes: minutes(60, "dynamic database credentials are short-lived").describe(
        "default TTL of a dynamic database credential: at most 60",
      ),
      credentialMaxTtlMinutes: minutes(1440, "a lease is renewable for at most a day").describe(
        "max TTL of a dynamic database credential, renewals included: at most 1440",
      ),
    }),
    createServiceAccounts: z
      .array(accountId)
      .default([])
      .describe(
        "service accounts this stack creates (keyless, no project roles) because no other stack owns them: " +
          "workload and impersonated accounts named here exist before Vault is told about them",
      ),
    workloads: z
      .array(workload)
      .describe("one GCP auth role, one policy and (optionally) one database role per workload"),
    oidc: z
      .strictObject({
        discoveryUrl: z
          .url({ protocol: /^https$/ })
          .describe(
            "the identity provider's OIDC issuer URL (discovery at /.well-known/openid-configuration)",
          ),
        clientId: z.string().min(1).describe("the OAuth client id registered at the identity provider"),
        allowedGroups: z
          .array(z.string().min(1))
          .min(1)
          .describe("groups (in the ID token's groups claim) that may log in; MFA is enforced by the IdP"),
        adminGroups: z
          .array(z.string().min(1))
          .describe("of those, the groups that get the `vault-admin` policy (the others get `vault-reader`)"),
        groupsClaim: z.string().min(1).describe("the ID token claim holding the user's groups"),
        redirectUris: z
          .array(z.string().min(1))
          .min(1)
          .describe("allowed redirect URIs (the UI's and `http://localhost:8250/oidc/callback` for the CLI)"),
      })
      .optional()
      .describe(
        "OIDC login for people (optional); the client secret never enters Terraform: the runbook writes it " +
          "from Secret Manager (README, Vault configuration)",
      ),
  })
  .refine((c) => c.tokenMaxTtlMinutes >= c.tokenTtlMinutes, {
    message: "tokenMaxTtlMinutes must be at least tokenTtlMinutes",
    path: ["tokenMaxTtlMinutes"],
  })
  .refine((c) => c.database.credentialMaxTtlMinutes >= c.database.credentialTtlMinutes, {
    message: "credentialMaxTtlMinutes must be at least credentialTtlMinutes",
    path: ["database", "credentialMaxTtlMinutes"],
  })
  .refine((c) => !c.oidc || c.oidc.adminGroups.every((g) => c.oidc!.allowedGroups.includes(g)), {
    message: "every admin group must be one of allowedGroups",
    path: ["oidc", "adminGroups"],
  })
  .refine((c) => new Set(c.workloads.map((w) => w.name)).size === c.workloads.length, {
    message: "workload names must be unique",
    path: ["workloads"],
  });
export type VaultConfigSection = z.infer<typeof vaultConfigSection>;
