import type { Control } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { literal } from "../../model/resolve";
import { get } from "../../model/values";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { judgeVaultResources } from "../../views/vault-config";

/** Versions kept per secret: enough to roll back, few enough that an old leaked value is soon destroyed. */
const MAX_VERSIONS = 100;

export const SEC16VaultKvVersions: Control = {
  id: "SEC-16",
  title: "Every KV secrets engine is version 2 with a bounded number of versions",
  claim:
    "Static secrets are kept in a versioned KV engine that keeps a bounded number of versions per secret.",
  severity: "medium",
  rationale:
    "KV version 1 overwrites a secret in place: a bad write cannot be rolled back and no history says what " +
    "changed. Version 2 keeps versions, but without max_versions (or with 0) Vault keeps its default and an " +
    "operator cannot tell from the configuration how long a replaced (possibly leaked) value survives.",
  remediation:
    `Mount KV with type kv-v2 (or kv with options.version = "2") and declare a vault_kv_secret_backend_v2 ` +
    `for it with max_versions between 1 and ${MAX_VERSIONS}.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultKv mounts kv with version 2 and sets max_versions from vault.config.kvMaxVersions (10).",
  evaluate: (scope) => {
    const configs = scope.ofType("vault_kv_secret_backend_v2");
    const configFor = (mount: Resource) =>
      configs.filter((config) => {
        const value = get(config.attributes, "mount");
        return (
          scope.references(config, value).some((ref) => ref.resource.id === mount.id) ||
          literal(scope, config, value) === literal(scope, mount, get(mount.attributes, "path"))
        );
      });
    const typeOf = (mount: Resource) => literal(scope, mount, get(mount.attributes, "type"));
    const kv = new Set(
      scope
        .ofType("vault_mount")
        .filter((m) => ["kv", "kv-v2"].includes(typeOf(m) as string) || isUnknown(typeOf(m))),
    );
    return judgeVaultResources(
      scope,
      (type) => type === "vault_mount",
      "KV mount (vault_mount of type kv or kv-v2)",
      (mount) => {
        if (!kv.has(mount)) return [];
        const type = typeOf(mount);
        const version = literal(scope, mount, get(mount.attributes, "options.version"));
        if (isUnknown(type) || isUnknown(version))
          return verdict("unknown", mount, "the mount's type is known only after apply", [
            evidence("type", type),
          ]);
        const found = [evidence("type", type), evidence("options.version", version)];
        if (type === "kv" && String(version) !== "2")
          return verdict(
            "fail",
            mount,
            "KV version 1: secrets are overwritten in place, without versions",
            found,
          );
        const [config] = configFor(mount);
        if (!config)
          return verdict(
            "fail",
            mount,
            "no vault_kv_secret_backend_v2 sets max_versions for this mount",
            found,
          );
        const max = literal(scope, config, get(config.attributes, "max_versions"));
        found.push(evidence(`${config.address}.max_versions`, max));
        if (isUnknown(max)) return verdict("unknown", mount, "max_versions is known only after apply", found);
        const n = Number(max);
        if (max === undefined || max === null || !Number.isInteger(n) || n < 1 || n > MAX_VERSIONS)
          return verdict(
            "fail",
            mount,
            `max_versions must be 1-${MAX_VERSIONS} (0 or unset: Vault's default)`,
            found,
          );
        return verdict("pass", mount, `KV v2 keeping at most ${n} versions per secret`, found);
      },
    ).concat(
      kv.size === 0 && scope.ofType("vault_mount").length > 0
        ? [projectVerdict("not-applicable", `no KV mount in environment ${scope.environment}`)]
        : [],
    );
  },
};
