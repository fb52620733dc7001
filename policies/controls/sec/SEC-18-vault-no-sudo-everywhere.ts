import type { Control, Result } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { VAULT_ADMIN_POLICY as ADMIN_POLICY } from "../../../shared/vault";
import { declaredPolicies, judgeVaultResources, matchesEverything } from "../../views/vault-config";

export const SEC18VaultNoSudoEverywhere: Control = {
  id: "SEC-18",
  title: "No Vault policy grants sudo on every path, except the named admin policy",
  claim:
    "Access to secrets follows least privilege: no application or person holds root-equivalent rights " +
    "(`sudo` on `*`) in Vault; the root token is revoked after bootstrap.",
  severity: "critical",
  rationale:
    "A policy with `sudo` on `*` (or a path matching everything, like `+/*`) is the root policy under another " +
    "name: its holder can disable audit devices, read every secret and rewrite every policy, unseen. Only the " +
    `policy named ${ADMIN_POLICY} may be written that way (the baseline's own does not), so a reviewer ` +
    "looks at one place. A policy whose text is computed at apply time cannot be proven and is unknown.",
  remediation:
    "Grant workloads their own paths only; give administrators the vault-admin policy; use " +
    "`vault operator generate-root` for break-glass work that needs sudo.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The vault-config stack writes per-workload policies (own KV prefix, own database role, own impersonated " +
    "accounts), vault-reader, raft-snapshot (read sys/storage/raft/snapshot, update auth/token/revoke-self) and vault-admin without sudo.",
  evaluate: (scope) => {
    const policies = declaredPolicies(scope);
    return judgeVaultResources(
      scope,
      (type) => type === "vault_policy",
      "vault_policy",
      (resource): Result => {
        const policy = policies.find((p) => p.resource === resource)!;
        const name = evidence("name", policy.name);
        if (isUnknown(policy.rules))
          return verdict("unknown", resource, "the policy text is known only after apply", [name]);
        if (typeof policy.rules === "string") return verdict("fail", resource, policy.rules, [name]);
        const everywhere = policy.rules.filter(
          (rule) => matchesEverything(rule.path) && rule.capabilities.includes("sudo"),
        );
        const found = [
          name,
          ...everywhere.map((rule) => evidence(`path "${rule.path}".capabilities`, rule.capabilities)),
        ];
        if (everywhere.length === 0)
          return verdict(
            "pass",
            resource,
            `no sudo on a path matching everything (${policy.rules.length} paths)`,
            found,
          );
        if (policy.name === ADMIN_POLICY)
          return verdict(
            "pass",
            resource,
            `sudo on every path, allowed for the admin policy ${ADMIN_POLICY} only`,
            found,
          );
        return verdict(
          "fail",
          resource,
          `grants sudo on ${everywhere.map((r) => `"${r.path}"`).join(", ")}: root-equivalent outside the admin policy`,
          found,
        );
      },
    );
  },
};
