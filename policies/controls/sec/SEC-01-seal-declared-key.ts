import type { Control } from "../../control";
import { verdict } from "../../judge/results";
import { activeGcpKmsSeals, resolveSealKey } from "../../views/vault-seal-key";
import { CONFIG_PATH, judgeVaultHosts } from "../../views/vault-hosts";

export const SEC01SealDeclaredKey: Control = {
  id: "SEC-01",
  title: "Vault auto-unseals with a Cloud KMS key the baseline declares",
  claim: "Vault is sealed by a Cloud KMS key (gcpckms seal) that this configuration declares and manages.",
  severity: "critical",
  rationale:
    "With the gcpckms seal, Vault's root key is wrapped by Cloud KMS, so nodes unseal themselves after a " +
    "restart without anyone handling unseal keys, and access to the key is governed by IAM. A seal naming a " +
    "key the baseline does not declare escapes its rotation, protection-level and access controls, and a " +
    "missing region makes Vault look for the key in us-east-1.",
  remediation:
    'Configure `seal "gcpckms"` with project, region (the key ring location), key_ring and crypto_key of the ' +
    "vault-unseal key of the kms stack (VaultCluster does this from KmsStack.key('vaultUnseal', 'primary')).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster renders the server config with a gcpckms seal whose key ring, key and location are cdktf " +
    `references to the kms stack's vault-unseal key, and puts it in ${CONFIG_PATH}; the control reads that ` +
    "HCL and resolves the names to the declared google_kms_key_ring and google_kms_crypto_key.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      const seals = activeGcpKmsSeals(host.config);
      if (seals.length === 0) {
        return [
          verdict(
            "fail",
            host.resource,
            "the Vault configuration has no gcpckms seal: it would need manual unsealing",
          ),
        ];
      }
      return seals.map((seal) => {
        const sealKey = resolveSealKey(scope, host.resource, seal);
        return sealKey.status === "resolved"
          ? verdict(
              "pass",
              host.resource,
              `seals with ${sealKey.key.stack}/${sealKey.key.address} in ${sealKey.ring.stack}/${sealKey.ring.address}`,
              sealKey.evidence,
            )
          : verdict(sealKey.status, host.resource, sealKey.message, sealKey.evidence);
      });
    }),
};
