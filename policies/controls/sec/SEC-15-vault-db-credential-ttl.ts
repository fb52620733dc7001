import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { judgeVaultResources, seconds, ttlProblem } from "../../views/vault-config";

/** A dynamic credential lives at most an hour by default... */
const MAX_DEFAULT_TTL = 3600;
/** ...and at most a day with every renewal. */
const MAX_MAX_TTL = 86_400;

export const SEC15VaultDbCredentialTtl: Control = {
  id: "SEC-15",
  title: "Dynamic database credentials expire within an hour, and within a day at most",
  claim:
    "Database credentials are issued by Vault per application, live at most an hour unless renewed and at " +
    "most a day in all, and are dropped from the database when they expire.",
  severity: "high",
  rationale:
    "A dynamic database role without default_ttl and max_ttl takes the mount's or Vault's defaults (32 days): " +
    "a leaked credential would stay valid for weeks. Short TTLs bound how long a leaked credential is useful, " +
    "and Vault's revocation removes the database user when the lease ends.",
  remediation: `Set default_ttl (at most ${MAX_DEFAULT_TTL}) and max_ttl (at most ${MAX_MAX_TTL}) on every vault_database_secret_backend_role.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultDatabaseEngine sets default_ttl and max_ttl from vault.config.database (60 and 240 minutes); " +
    "test/runtime/vault-config shows a credential expiring and its role dropped from pg_roles on a real Vault and PostgreSQL.",
  evaluate: (scope) =>
    judgeVaultResources(
      scope,
      (type) => type === "vault_database_secret_backend_role",
      "vault_database_secret_backend_role",
      (role) => {
        const ttl = seconds(scope, role, "default_ttl");
        const max = seconds(scope, role, "max_ttl");
        const found = [evidence("default_ttl", ttl), evidence("max_ttl", max)];
        const problems = [
          ttlProblem(ttl, "default_ttl", MAX_DEFAULT_TTL),
          ttlProblem(max, "max_ttl", MAX_MAX_TTL),
        ];
        const failed = problems.filter((p): p is string => typeof p === "string");
        if (failed.length > 0) return verdict("fail", role, failed.join("; "), found);
        if (problems.some(isUnknown))
          return verdict("unknown", role, "a TTL is known only after apply", found);
        if ((ttl as number) > (max as number))
          return verdict(
            "fail",
            role,
            "default_ttl exceeds max_ttl: Vault caps it, the intent is wrong",
            found,
          );
        return verdict("pass", role, `credentials live ${String(ttl)} s, at most ${String(max)} s`, found);
      },
    ),
};
