import type { Control } from "../../control";
import { get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { projectVerdict, verdict } from "../../judge/results";

/** Resources and data sources whose secret payload Terraform writes into its state. */
const PAYLOAD_TYPES = [
  "google_secret_manager_secret_version",
  "google_secret_manager_regional_secret_version",
  "google_secret_manager_secret_version_access",
  "google_secret_manager_regional_secret_version_access",
  // Cloud KMS decryption through Terraform: the plaintext is in the configuration or read into state.
  "google_kms_secret_ciphertext",
  "google_kms_secret",
  "google_kms_secret_asymmetric",
  // Private keys and passwords Terraform writes into state (or reads from the configuration).
  "google_sql_ssl_cert",
  "google_compute_ssl_certificate",
  "google_compute_region_ssl_certificate",
  "tls_private_key",
  "random_password",
];

/** Certificate Manager certificates are managed by Google unless `self_managed` carries the private key. */
const SELF_MANAGED_CERTIFICATE = "google_certificate_manager_certificate";

export const SEC10SecretPayloads: Control = {
  id: "SEC-10",
  title: "No secret payload passes through Terraform",
  claim: "No secret value (TLS keys, passwords) is ever stored in Terraform configuration or state.",
  severity: "critical",
  rationale:
    "Terraform state is readable by everyone who can plan, and kept in every state version. A secret version " +
    "declared in Terraform, or read through a data source, puts the payload there in plain text.",
  remediation:
    "Declare only the google_secret_manager_secret; add versions out of band (`gcloud secrets versions add`) " +
    "and read them at run time on the workload.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultTlsSecrets and the database's break-glass secret declare secrets without versions; the README tells " +
    "the operator how to add them.",
  evaluate: (scope) => {
    const payloads = scope.resources.filter(
      (r) =>
        PAYLOAD_TYPES.includes(r.type) ||
        (r.type === SELF_MANAGED_CERTIFICATE && isSet(get(r.attributes, "self_managed"))),
    );
    if (payloads.length === 0) {
      return [
        projectVerdict("pass", "no secret version is declared or read: payloads never reach Terraform state"),
      ];
    }
    return payloads.map((r) =>
      verdict(
        "fail",
        r,
        `${r.mode === "data" ? "reads" : "declares"} a secret payload (${r.type}): it lands in Terraform state`,
      ),
    );
  },
};
