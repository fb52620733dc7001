import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { literal } from "../../model/resolve";
import { get, list } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeVaultResources, seconds, ttlProblem } from "../../views/vault-config";

/** A login token lives at most an hour unless renewed... */
const MAX_TOKEN_TTL = 3600;
/** ...and at most four hours in all. */
const MAX_TOKEN_MAX_TTL = 14_400;

const AUTH_ROLE = /^vault_\w+_auth_backend_role$/;

/** Values of a list attribute, resolved; Unknown when the list or an item is known only after apply. */
function values(scope: Scope, resource: Resource, path: string): unknown[] {
  const raw = literal(scope, resource, get(resource.attributes, path));
  if (isUnknown(raw)) return [raw];
  return list({ v: raw }, "v").map((v) => literal(scope, resource, v));
}

const wildcard = (v: unknown) => typeof v === "string" && v.includes("*");

/** What binds the role to specific identities: problems found (empty when bound), or unknown. */
function bindingProblems(
  scope: Scope,
  role: Resource,
): { problems: string[]; unknown: boolean; found: ReturnType<typeof evidence>[] } {
  const problems: string[] = [];
  const found: ReturnType<typeof evidence>[] = [];
  let unknown = false;
  const check = (path: string, required: boolean) => {
    const items = values(scope, role, path);
    found.push(evidence(path, items.length > 0 ? items : undefined));
    if (items.some(isUnknown)) unknown = true;
    else if (items.some(wildcard)) problems.push(`${path} contains a wildcard`);
    else if (required && items.length === 0) problems.push(`${path} is empty: any identity may log in`);
  };
  if (role.type === "vault_gcp_auth_backend_role") {
    check("bound_service_accounts", true);
    check("bound_projects", false);
  } else if (role.type === "vault_jwt_auth_backend_role") {
    check("bound_audiences", true);
    const claims = literal(scope, role, get(role.attributes, "bound_claims"));
    const subject = literal(scope, role, get(role.attributes, "bound_subject"));
    found.push(evidence("bound_claims", claims), evidence("bound_subject", subject));
    if (isUnknown(claims) || isUnknown(subject)) unknown = true;
    else {
      const claimValues =
        claims && typeof claims === "object"
          ? Object.values(claims).flatMap((v) => String(v).split(","))
          : [];
      if (claimValues.some(wildcard)) problems.push("bound_claims contains a wildcard");
      else if (claimValues.length === 0 && !subject)
        problems.push(
          "neither bound_claims nor bound_subject: everyone the identity provider knows may log in",
        );
    }
  } else if (role.type === "vault_kubernetes_auth_backend_role") {
    check("bound_service_account_names", true);
    check("bound_service_account_namespaces", true);
  }
  return { problems, unknown, found };
}

export const SEC17VaultAuthRolesBound: Control = {
  id: "SEC-17",
  title: "Every Vault login role is bound to specific identities and issues short-lived tokens",
  claim:
    "Applications and people authenticate to Vault as themselves: each login role admits only the named " +
    "service accounts or identity-provider groups, and its tokens expire within an hour (four hours renewed).",
  severity: "high",
  rationale:
    "A GCP role without bound service accounts (or with `*`) admits every account Google signs for; an OIDC " +
    "role without bound claims admits everyone at the identity provider. Either hands the role's policies to " +
    "strangers. A token without token_ttl/token_max_ttl lives 32 days, and a periodic token (token_period) " +
    "never expires while renewed: a stolen token stays useful.",
  remediation:
    "Bind each vault_gcp_auth_backend_role to its service account (bound_service_accounts, no `*`), each " +
    `vault_jwt_auth_backend_role to bound_audiences and bound_claims; set token_ttl (at most ${MAX_TOKEN_TTL}) ` +
    `and token_max_ttl (at most ${MAX_TOKEN_MAX_TTL}), and no token_period.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultGcpAuth binds each role to one workload account (gce roles also to the project); VaultOidcAuth binds " +
    "each role to the client id and one group; token TTLs come from vault.config (15 and 60 minutes).",
  evaluate: (scope) =>
    judgeVaultResources(
      scope,
      (type) => AUTH_ROLE.test(type),
      "Vault auth role",
      (role): Result => {
        const binding = bindingProblems(scope, role);
        const ttl = seconds(scope, role, "token_ttl");
        const max = seconds(scope, role, "token_max_ttl");
        const period = seconds(scope, role, "token_period");
        const found = [
          ...binding.found,
          evidence("token_ttl", ttl),
          evidence("token_max_ttl", max),
          evidence("token_period", period),
        ];
        const ttlProblems = [
          ttlProblem(ttl, "token_ttl", MAX_TOKEN_TTL),
          ttlProblem(max, "token_max_ttl", MAX_TOKEN_MAX_TTL),
        ];
        const problems = [
          ...binding.problems,
          ...ttlProblems.filter((p): p is string => typeof p === "string"),
        ];
        if (typeof period === "number" && period > 0)
          problems.push(`token_period is ${period}: a periodic token never expires while renewed`);
        if (problems.length > 0) return verdict("fail", role, problems.join("; "), found);
        if (binding.unknown || ttlProblems.some(isUnknown) || isUnknown(period))
          return verdict("unknown", role, "a binding or token TTL is known only after apply", found);
        return verdict(
          "pass",
          role,
          `bound to specific identities; tokens live ${String(ttl)} s, at most ${String(max)} s`,
          found,
        );
      },
    ),
};
