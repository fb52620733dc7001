import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { judgeInstances, setting } from "../../views/sql-instances";

const ENFORCING = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const SQL02SslRequired: Control = {
  id: "SQL-02",
  title: "Cloud SQL requires TLS on every connection",
  claim: "PostgreSQL connections must be encrypted; unencrypted connections are refused.",
  severity: "high",
  rationale:
    "Without enforced TLS a client can connect in clear text, exposing credentials and query results to " +
    "anyone on the path, including inside the VPC. " +
    "Checkov's CKV_GCP_6 accepts for PostgreSQL only TRUSTED_CLIENT_CERTIFICATE_REQUIRED; " +
    "ENCRYPTED_ONLY refuses every unencrypted connection and passes here. Trivy's AVD-GCP-0015 still " +
    "accepts require_ssl, which provider 6 no longer has (it fails here).",
  remediation:
    'Set settings.ip_configuration.ssl_mode to "ENCRYPTED_ONLY" or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" ' +
    "(require_ssl no longer exists in provider 6).",
  references: { cis: ["6.4"], checkov: ["CKV_GCP_6"], trivy: ["AVD-GCP-0015"] },
  implementation:
    "PrivatePostgres sets ssl_mode from database.sslMode, which allows only the two enforcing modes.",
  evaluate: (scope) =>
    judgeInstances(scope, (instance) => {
      const path = "settings.ip_configuration.ssl_mode";
      const mode = setting(scope, instance, path);
      const found = [evidence(path, mode)];
      if (isUnknown(mode)) return verdict("unknown", instance, "ssl_mode known only after apply", found);
      if (typeof mode === "string" && ENFORCING.includes(mode)) {
        return verdict("pass", instance, `ssl_mode ${mode}: unencrypted connections are refused`, found);
      }
      return verdict(
        "fail",
        instance,
        mode === undefined
          ? "ssl_mode not set: Cloud SQL accepts unencrypted connections"
          : `ssl_mode ${String(mode)} accepts unencrypted connections`,
        found,
      );
    }),
};
