import type { Control } from "../../control";
import { blocks, get } from "../../model/values";
import { keyReference } from "../../views/kms";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const SEC11SecretCmek: Control = {
  id: "SEC-11",
  title: "Secrets are stored in named regions and encrypted with customer-managed keys",
  claim:
    "Every Secret Manager secret stays in chosen regions, encrypted with a key the organisation controls.",
  severity: "high",
  rationale:
    "Automatic replication lets Google choose where payloads live, and Google-managed encryption cannot be " +
    "revoked by the organisation. User-managed replicas with CMEK keep secrets in the allowed regions and " +
    "under a key whose use is logged and can be withdrawn.",
  remediation:
    "Use replication.user_managed with one replica per region, each with customer_managed_encryption.kms_key_name " +
    "naming a key in that region.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCaSecret (and the database's break-glass secret) use one user-managed replica in the primary region " +
    "with the kms stack's storage key there.",
  evaluate: (scope) =>
    judgeEach(scope, ["google_secret_manager_secret"], (secret) => {
      const replicas = blocks(secret.attributes, "replication.user_managed.replicas");
      if (replicas.length === 0) {
        return verdict("fail", secret, "automatic replication: Google chooses where the payload is stored", [
          evidence("replication", get(secret.attributes, "replication")),
        ]);
      }
      const keys = replicas.map((replica, i) => {
        const path = `replication.user_managed.replicas.${i}.customer_managed_encryption.kms_key_name`;
        return {
          path,
          location: replica.location,
          key: keyReference(scope, secret, get(replica, "customer_managed_encryption.kms_key_name")),
          value: get(replica, "customer_managed_encryption.kms_key_name"),
        };
      });
      const found = keys.map((k) => evidence(k.path, k.value));
      const unencrypted = keys.filter((k) => k.key.kind === "none");
      if (unencrypted.length > 0) {
        return verdict(
          "fail",
          secret,
          `replica(s) in ${unencrypted.map((k) => String(k.location)).join(", ")} use a Google-managed key`,
          found,
        );
      }
      if (keys.some((k) => k.key.kind === "unknown")) {
        return verdict("unknown", secret, "a replica's key is known only after apply", found);
      }
      return verdict(
        "pass",
        secret,
        `${keys.length} user-managed replica(s), each with a customer-managed key`,
        found,
      );
    }),
};
