import type { Control } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { isSet } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { vaultResources } from "../../views/vault-config";

/** Resources whose whole purpose is a secret value Terraform writes or keeps in state. */
const SECRET_RESOURCES = new Set([
  "vault_generic_secret",
  "vault_kv_secret",
  "vault_kv_secret_v2",
  "vault_token",
  "vault_approle_auth_backend_role_secret_id",
  "vault_approle_auth_backend_login",
  "vault_aws_auth_backend_login",
  "vault_pki_secret_backend_cert",
]);

/** Data sources that read a secret into state. */
const SECRET_DATA = new Set([
  "vault_generic_secret",
  "vault_kv_secret",
  "vault_kv_secret_v2",
  "vault_aws_access_credentials",
  "vault_aws_static_access_credentials",
  "vault_azure_access_credentials",
  "vault_ad_access_credentials",
  "vault_ldap_dynamic_credentials",
  "vault_ldap_static_credentials",
  "vault_nomad_access_token",
  "vault_kubernetes_service_account_token",
  "vault_identity_oidc_client_creds",
  "vault_transit_decrypt",
]);

/** Attributes (at any depth) that carry a secret; their write-only `_wo` twins never reach state. */
const SECRET_KEYS = new Set([
  "password",
  "root_password",
  "bindpass",
  "client_secret",
  "oidc_client_secret",
  "credentials",
  "secret_key",
  "secret_id",
  "private_key",
  "service_account_json",
  "token",
  "pem_bundle",
  "pem_json",
  "tls_certificate_key",
  "client_key",
  "data_json",
]);

/** The database connection's `data` map is passed to the plugin as secret values. */
const SECRET_MAP = { type: "vault_database_secret_backend_connection", key: "data" };

/**
 * A password inside a URL's user information (`scheme://user:password@host`), unless it is the database
 * plugin's `{{password}}` template, which Vault fills in from its own store at connection time.
 */
function urlPassword(value: string): string | undefined {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(value)?.[1];
  const colon = userinfo?.indexOf(":") ?? -1;
  if (!userinfo || colon < 0) return undefined;
  const password = userinfo.slice(colon + 1);
  return password === "" || password === "{{password}}" ? undefined : password;
}

function secretPaths(resource: Resource): { path: string; value: unknown }[] {
  const out: { path: string; value: unknown }[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}.${i}`));
    // A string mixing text and a variable is read as Unknown; its text is still what lands in state.
    const text = isUnknown(value) ? /^computed from ([\s\S]*)$/.exec(value.reason)?.[1] : value;
    if (typeof text === "string") {
      const password = urlPassword(text);
      if (password !== undefined) out.push({ path: `${path} (password in the URL)`, value: password });
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const secret =
        SECRET_KEYS.has(key) || (path === "" && resource.type === SECRET_MAP.type && key === SECRET_MAP.key);
      if (secret && isSet(inner)) out.push({ path: at, value: inner });
      else visit(inner, at);
    }
  };
  visit(resource.attributes, "");
  return out;
}

function shown(value: unknown): string {
  return isUnknown(value) || (typeof value === "string" && value.includes("${"))
    ? "(set from an expression: the value lands in state)"
    : `(set: ${typeof value === "string" ? `${value.length} characters` : typeof value}, not shown)`;
}

export const SEC14VaultNoPlaintextSecrets: Control = {
  id: "SEC-14",
  title: "No secret value in any Vault resource Terraform keeps",
  claim:
    "No secret value (KV data, passwords, also inside a URL, client secrets, keys, tokens) is written to Vault through Terraform " +
    "or read from it into Terraform state.",
  severity: "critical",
  rationale:
    "Terraform state holds every attribute of every resource in plain text, in every state version, for " +
    "everyone who can plan. A KV secret, a database password or an OIDC client secret declared in a vault_* " +
    "resource, or a secret read by a data source, is then readable outside Vault's policies and audit log. " +
    "A password written into a URL (`postgresql://vault:<password>@host/db` as `connection_url`) is the same " +
    "secret under another key; only the plugin's `{{username}}:{{password}}` template is not. " +
    "Write-only attributes (`password_wo`) and ephemeral variables are the exception: Terraform never stores them.",
  remediation:
    "Write secret values into Vault out of band (`vault kv put`, or the application); give bootstrap passwords " +
    "through write-only attributes (`password_wo`) from ephemeral variables, and let Vault rotate them; " +
    "remove data sources that read secrets.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The vault-config stack writes no secret: the database connection's first password is password_wo from an " +
    "ephemeral variable (rotated by Vault right after apply), the GCP engines use the nodes' own account, and " +
    "the OIDC client secret is written by the runbook, not Terraform.",
  evaluate: (scope) => {
    const all = vaultResources(scope);
    if (all.length === 0)
      return [
        projectVerdict(
          "not-applicable",
          `no Vault configuration is declared in environment ${scope.environment}`,
        ),
      ];
    return all.map((resource) => {
      if (resource.mode === "data" && SECRET_DATA.has(resource.type))
        return verdict("fail", resource, `reads a secret (${resource.type}) into Terraform state`);
      if (resource.mode === "managed" && SECRET_RESOURCES.has(resource.type))
        return verdict("fail", resource, `${resource.type} keeps its secret value in Terraform state`);
      const secrets = secretPaths(resource);
      const found = secrets.map((s) => evidence(s.path, shown(s.value)));
      if (secrets.length > 0)
        return verdict(
          "fail",
          resource,
          `sets ${secrets.map((s) => s.path).join(", ")}: the value lands in Terraform state`,
          found,
        );
      return verdict("pass", resource, "no secret value is set");
    });
  },
};
