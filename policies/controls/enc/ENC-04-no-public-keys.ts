import type { Control } from "../../control";
import { judgePublicGrants } from "../../views/public-grants";

export const ENC04NoPublicKeys: Control = {
  id: "ENC-04",
  title: "No public access to keys",
  claim: "No key or key ring grants any role to allUsers or allAuthenticatedUsers.",
  severity: "critical",
  rationale:
    "A public grant on a key lets anyone on the internet (or any Google account) use or inspect it; whoever can " +
    "decrypt with a key can read everything it protects. " +
    "Checkov's CKV_GCP_112 reads crypto key IAM only; a public grant on the key ring, which reaches " +
    "every key in it, fails here too.",
  remediation:
    "Remove allUsers and allAuthenticatedUsers from google_kms_crypto_key_iam_* and google_kms_key_ring_iam_*.",
  references: { cis: ["1.9"], checkov: ["CKV_GCP_112"], trivy: [] },
  implementation:
    "The baseline grants keys only through KeyEncrypterGrant, to named service agents and service accounts.",
  evaluate: (scope) =>
    judgePublicGrants(scope, ["google_kms_crypto_key", "google_kms_key_ring"], "keys or key rings"),
};
