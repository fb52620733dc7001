import type { Control, Result } from "../../control";
import { type Resource, type Scope, type Unknown, isUnknown } from "../../model/types";
import { type Grant, iamGrants } from "../../views/iam";
import { KMS_CRYPTO_ROLES } from "../../views/kms-roles";
import { indexBy } from "../../model/ordered-index";
import { afterSlashes, designationIndex, literal, referencedResources } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { isHostAccount } from "../../views/vault-host-account";
import { judgeSealKeys } from "../../views/vault-seal-key";

/** Read-only on key metadata; every other Cloud KMS role uses keys or controls who may. */
const READ_ONLY_KMS_ROLE = "roles/cloudkms.viewer";

export const SEC03SealKeyExclusive: Control = {
  id: "SEC-03",
  title: "Only Vault's service account can use the unseal key",
  claim: "No principal but the Vault nodes' own service account can use the key that unseals Vault.",
  severity: "critical",
  rationale:
    "Anyone who can decrypt with the unseal key can unwrap Vault's root key from a copy of its storage (a disk " +
    "snapshot, for instance). The key must therefore be usable by the Vault nodes alone: no other member on " +
    "the key, and no Cloud KMS role on its key ring or the project, which would reach it too.",
  remediation:
    "Remove every other member from the unseal key's IAM, and every Cloud KMS role (except roles/cloudkms.viewer) " +
    "granted on its key ring or the project; grant the Vault service account cryptoKeyEncrypterDecrypter on the key.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultIdentity grants the Vault service account cryptoKeyEncrypterDecrypter and viewer on the unseal key " +
    "only (google_kms_crypto_key_iam_member); the foundation stack grants no service agent on that key.",
  evaluate: (scope) => {
    const grantsOnKey = keyGrantIndex(scope);
    const ringGrants = designationIndex(
      scope,
      iamGrants(scope, ["google_kms_key_ring"]).filter(reachesKeys),
      (g) => [{ from: g.resource, value: g.resource.attributes.key_ring_id }],
    );
    const projectGrants = iamGrants(scope, ["google_project"]).filter(reachesKeys);
    return judgeSealKeys(scope, (host, key, ring) => {
      const keyGrants = grantsOnKey(key, ring);
      const wideGrants = [...ringGrants.mayDesignate(ring), ...projectGrants];
      const offences: Result[] = [];
      let vaultCanUse = false;
      for (const grant of keyGrants) {
        for (const member of membersOf(grant)) {
          const own = isHostAccount(scope, grant.resource, member, host);
          if (own === true) vaultCanUse ||= KMS_CRYPTO_ROLES.includes(String(grant.role));
          else offences.push(judgeMember(grant, member, own, "the unseal key"));
        }
      }
      for (const grant of wideGrants) {
        const level = grant.resource.type.replace(/_iam_\w+$/, "").replace(/^google_/, "");
        offences.push(
          ...membersOf(grant).map((member) =>
            judgeMember(grant, member, false, `the ${level}, so on the unseal key`),
          ),
        );
      }
      if (offences.length > 0) return offences;
      return [
        vaultCanUse
          ? verdict("pass", key, "only the Vault service account holds a role on the unseal key", [
              evidence(
                "grants on the key",
                keyGrants.map((g) => g.resource.address),
              ),
            ])
          : verdict(
              "fail",
              key,
              "the Vault service account cannot encrypt/decrypt with the key: auto-unseal would fail",
            ),
      ];
    });
  },
};

/** Whether a grant on a key ring or the project reaches the keys' use or IAM (or cannot be read). */
function reachesKeys(grant: Grant): boolean {
  const role = grant.role;
  return (
    isUnknown(role) ||
    (typeof role === "string" && role.startsWith("roles/cloudkms.") && role !== READ_ONLY_KMS_ROLE)
  );
}

/** The members of a grant; an authoritative policy that cannot be read stands as one unknown member. */
function membersOf(grant: Grant): readonly unknown[] {
  if (grant.members.length > 0) return grant.members;
  return isUnknown(grant.role) ? [grant.role] : [];
}

function judgeMember(grant: Grant, member: unknown, own: boolean | Unknown, where: string): Result {
  const found = [evidence(`${grant.path} (role)`, grant.role), evidence(grant.path, member)];
  if (isUnknown(grant.role) || isUnknown(own) || isUnknown(member)) {
    return verdict("unknown", grant.resource, `a grant on ${where} is known only after apply`, found);
  }
  return verdict(
    "fail",
    grant.resource,
    `grants ${String(grant.role)} to ${String(member)} on ${where}`,
    found,
  );
}

/**
 * The grants on a key: those whose crypto_key_id refers to it, names it in full
 * (`.../keyRings/<ring>/cryptoKeys/<key>`) without a reference, or is known only after apply. The key grants
 * are read once per evaluation, so asking for every seal key stays linear.
 */
function keyGrantIndex(scope: Scope): (key: Resource, ring: Resource) => Grant[] {
  const unknown = Symbol("known only after apply");
  const lookup = indexBy(iamGrants(scope, ["google_kms_crypto_key"]), (grant) => {
    const value = grant.resource.attributes.crypto_key_id;
    if (isUnknown(value)) return [unknown];
    const targets = referencedResources(scope, grant.resource, value);
    if (targets.length > 0) return targets.map((target) => `ref:${target.id}`);
    return typeof value === "string" ? afterSlashes(value).map((name) => `name:${name}`) : [];
  });
  return (key, ring) => {
    const ringName = literal(scope, ring, ring.attributes.name);
    const keyName = literal(scope, key, key.attributes.name);
    return lookup([
      `ref:${key.id}`,
      `name:keyRings/${String(ringName)}/cryptoKeys/${String(keyName)}`,
      unknown,
    ]);
  };
}
