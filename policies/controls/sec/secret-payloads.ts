import type { Control } from "../../control";
import { projectVerdict, verdict } from "../shared/results";

/** Resources and data sources whose secret payload Terraform writes into its state. */
const PAYLOAD_TYPES = [
  "google_secret_manager_secret_version",
  "google_secret_manager_regional_secret_version",
  "google_secret_manager_secret_version_access",
  "google_secret_manager_regional_secret_version_access",
];

export const secretPayloadsOutOfState: Control = {
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
    const payloads = scope.resources.filter((r) => PAYLOAD_TYPES.includes(r.type));
    if (payloads.length === 0) {
      return [
        projectVerdict("pass", "no secret version is declared or read: payloads never reach Terraform state"),
      ];
    }
    return payloads.map((r) =>
      verdict(
        "fail",
        r,
        `${r.mode === "data" ? "reads" : "declares"} a secret version: its payload lands in Terraform state`,
      ),
    );
  },
};
