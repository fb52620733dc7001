import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { KMS_CRYPTO_ROLES } from "../../views/kms-roles";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/** IAM levels above a single key: a grant there reaches every key below it. */
const WIDE_LEVELS = ["google_project", "google_folder", "google_organization", "google_kms_key_ring"];

export const ENC10CryptoRolesOnKeysOnly: Control = {
  id: "ENC-10",
  title: "Encrypt/decrypt roles granted only on individual keys",
  claim:
    "Nobody holds an encrypter or decrypter role on a project, folder, organisation or key ring: only on one key.",
  severity: "high",
  rationale:
    "A project-level (or key-ring-level) cryptoKeyEncrypterDecrypter grant lets its holder use every key " +
    "below it, present and future, which defeats per-purpose keys and separation of duties.",
  remediation: "Replace the grant with google_kms_crypto_key_iam_member on the one key the principal needs.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "KeyEncrypterGrant grants roles/cloudkms.cryptoKeyEncrypterDecrypter on one key to one service agent.",
  evaluate: (scope) => {
    const grants = iamGrants(scope, WIDE_LEVELS).filter(
      (g) => isUnknown(g.role) || KMS_CRYPTO_ROLES.includes(String(g.role)),
    );
    if (grants.length === 0)
      return [projectVerdict("pass", "no encrypt/decrypt role is granted above a single key")];
    return grants.map((g) =>
      isUnknown(g.role)
        ? verdict("unknown", g.resource, "the authoritative policy cannot be read before apply", [
            evidence(g.path, g.role),
          ])
        : verdict(
            "fail",
            g.resource,
            `grants ${String(g.role)} on a ${g.resource.type.replace(/_iam_\w+$/, "")}`,
            [evidence(`${g.path} (role)`, g.role), evidence(g.path, g.members)],
          ),
    );
  },
};
