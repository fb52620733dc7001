import type { Control } from "../../control";
import { get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { customerSuppliedKeys, redacted } from "../../views/customer-supplied-keys";

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
  claim:
    "No secret value (TLS keys, passwords, encryption keys) is ever stored in Terraform configuration or state.",
  severity: "critical",
  rationale:
    "Terraform state is readable by everyone who can plan, and kept in every state version. A secret version " +
    "declared in Terraform, or read through a data source, puts the payload there in plain text. So does a " +
    "customer-supplied encryption key (CSEK: disk_encryption_key_raw, raw_key, rsa_encrypted_key of disks, " +
    "instances, templates, snapshots and images, customer_encryption of bucket objects): whoever reads the " +
    "configuration or the state holds the key to the data, and Google cannot revoke it. " +
    "Trivy's AVD-GCP-0037 reads raw disk keys only; RSA-wrapped keys and the keys of snapshots, " +
    "images, templates and bucket objects fail here too.",
  remediation:
    "Declare only the google_secret_manager_secret; add versions out of band (`gcloud secrets versions add`) " +
    "and read them at run time on the workload. Replace customer-supplied keys by a Cloud KMS key " +
    "(kms_key_self_link / kms_key_name): the key never leaves KMS.",
  references: { cis: [], checkov: [], trivy: ["AVD-GCP-0037"] },
  implementation:
    "VaultCaSecret and the database's break-glass secret declare secrets without versions: the first Vault node " +
    "adds the CA, and docs/stacks.md tells the operator how to add the password.",
  evaluate: (scope) => {
    const payloads = scope.resources.filter(
      (r) =>
        PAYLOAD_TYPES.includes(r.type) ||
        (r.type === SELF_MANAGED_CERTIFICATE && isSet(get(r.attributes, "self_managed"))),
    );
    const keyHolders = customerSuppliedKeys(scope);
    if (payloads.length === 0 && keyHolders.length === 0) {
      return [
        projectVerdict(
          "pass",
          "no secret version is declared or read, and no customer-supplied key is written: payloads never " +
            "reach Terraform state",
        ),
      ];
    }
    return [
      ...payloads.map((r) =>
        verdict(
          "fail",
          r,
          `${r.mode === "data" ? "reads" : "declares"} a secret payload (${r.type}): it lands in Terraform state`,
        ),
      ),
      ...keyHolders.map(({ resource, keys }) =>
        verdict(
          "fail",
          resource,
          `carries a customer-supplied encryption key (${keys.map((k) => k.path).join(", ")}): the key is in ` +
            "the configuration and in Terraform state",
          keys.map((k) => evidence(k.path, redacted(k.value))),
        ),
      ),
    ];
  },
};
