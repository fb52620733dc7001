import type { Control } from "../../control";
import { keyReference } from "../../views/kms";
import { evidence, verdict } from "../../judge/results";
import { dataDisks } from "../../views/vault-placement";
import { judgeVaultHosts } from "../../views/vault-hosts";

export const SEC05RaftDiskCmek: Control = {
  id: "SEC-05",
  title: "Vault's raft storage is on a separate disk encrypted with a customer-managed key",
  claim: "Vault's data sits on its own disk, encrypted with a key the organisation controls and can revoke.",
  severity: "high",
  rationale:
    "Raft holds Vault's barrier-encrypted data and its keyring. A separate data disk keeps it apart from the OS " +
    "and lets it outlive the VM; a customer-managed key adds a second, revocable layer under Vault's own " +
    "encryption and keeps the disk's snapshots under the same key.",
  remediation:
    "Give the Vault template a non-boot disk for raft with disk_encryption_key.kms_key_self_link set to a " +
    "google_kms_crypto_key in the disk's region.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster gives the HardenedInstanceTemplate a vault-raft data disk encrypted with the kms stack's " +
    "disks key; the boot script mounts it at the raft path.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      const disks = dataDisks(scope, host.resource);
      if (disks.length === 0) {
        return [verdict("fail", host.resource, "no data disk: raft would share the boot disk")];
      }
      return disks.map((disk) => {
        const key = keyReference(scope, disk.keyOwner, disk.key);
        const found = [evidence(`${disk.keyOwner.address}.${disk.keyPath}`, disk.key)];
        const name = `data disk ${String(disk.deviceName ?? disk.path)}`;
        switch (key.kind) {
          case "none":
            return verdict("fail", host.resource, `${name} is encrypted with a Google-managed key`, found);
          case "unknown":
            return verdict("unknown", host.resource, `${name}'s key is unknown: ${key.reason}`, found);
          case "external":
            return verdict("pass", host.resource, `${name} uses the customer-managed key ${key.name}`, found);
          default:
            return verdict("pass", host.resource, `${name} uses ${key.key.stack}/${key.key.address}`, found);
        }
      });
    }),
};
