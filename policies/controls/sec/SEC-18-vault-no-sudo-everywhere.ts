import type { Control, Result } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { VAULT_ADMIN_POLICY as ADMIN_POLICY } from "../../../shared/vault";
import {
  SELF_GRANTING_PREFIXES,
  declaredPolicies,
  judgeVaultResources,
  rootEquivalentSudo,
  selfGrantingWrites,
} from "../../views/vault-config";

export const SEC18VaultNoSudoEverywhere: Control = {
  id: "SEC-18",
  title:
    "No Vault policy is root-equivalent: no sudo on every path, system path, raw storage or audit outside the " +
    "named admin policy, and no policy rewrites policies or token roles",
  claim:
    "Access to secrets follows least privilege: no application or person holds root-equivalent rights in " +
    "Vault (`sudo` on `*`, on `sys/*`, on raw storage or audit devices), not even the admin policy can write " +
    "a policy or a token role to grant itself more, and the root token is revoked after bootstrap.",
  severity: "critical",
  rationale:
    "A policy with `sudo` on `*` (or a path matching everything, like `+/*`) is the root policy under another " +
    "name: its holder can disable audit devices, read every secret and rewrite every policy, unseen. `sudo` on " +
    "`sys/*`, on `sys/raw` (Vault's storage, unencrypted) or on `sys/audit` (turning the audit log off) is the " +
    `same in practice. Only the policy named ${ADMIN_POLICY} may be written that way (the baseline's own is ` +
    "not), so a reviewer looks at one place. Writing a policy (`sys/policies/acl/*`, `sys/policy/*`) or a " +
    "token role (`auth/token/roles/*`) is root-equivalent for every holder, the admin included: it can rewrite " +
    "its own policy, or mint tokens with any policy. Paths are read as Vault matches them (`+` segments, a " +
    "final `*`), so `sys/*` and `+/policies/acl/x` count; a `deny` on a more specific path is not credited. " +
    "A policy whose text is computed at apply time cannot be proven and is unknown.",
  remediation:
    "Grant workloads their own paths only; give administrators the vault-admin policy, read-only on policies " +
    "and auth roles; change policies and roles by applying the vault-config stack with a root token from " +
    "`vault operator generate-root`, revoked after the apply (the same break-glass for work that needs sudo).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The vault-config stack writes per-workload policies (own KV prefix, own database role, own impersonated " +
    "accounts), vault-reader, raft-snapshot (read sys/storage/raft/snapshot, update auth/token/revoke-self) and " +
    "vault-admin without sudo, reading (never writing) sys/policies/acl/* and auth/*.",
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
        const sudo = policy.rules.filter(rootEquivalentSudo);
        const writes = policy.rules
          .map((rule) => ({ rule, prefixes: selfGrantingWrites(rule) }))
          .filter((w) => w.prefixes.length > 0);
        const found = [
          name,
          ...[...new Set([...sudo, ...writes.map((w) => w.rule)])].map((rule) =>
            evidence(`path "${rule.path}".capabilities`, rule.capabilities),
          ),
        ];
        const isAdmin = policy.name === ADMIN_POLICY;
        const problems = [
          ...writes.map(
            (w) =>
              `writes "${w.rule.path}", which reaches ${w.prefixes.map((p) => `${p}*`).join(", ")}: ` +
              "it can grant itself any policy",
          ),
          ...(isAdmin || sudo.length === 0
            ? []
            : [
                `grants sudo on ${sudo.map((r) => `"${r.path}"`).join(", ")}: root-equivalent outside the ` +
                  "admin policy",
              ]),
        ];
        if (problems.length > 0) return verdict("fail", resource, problems.join("; "), found);
        if (sudo.length > 0)
          return verdict(
            "pass",
            resource,
            `sudo on ${sudo.map((r) => `"${r.path}"`).join(", ")}, allowed for the admin policy ` +
              `${ADMIN_POLICY} only; writes no policy or token role`,
            found,
          );
        return verdict(
          "pass",
          resource,
          `no sudo on every path, sys/*, sys/raw or sys/audit, and no write under ` +
            `${SELF_GRANTING_PREFIXES.join(", ")} (${policy.rules.length} paths)`,
          found,
        );
      },
    );
  },
};
