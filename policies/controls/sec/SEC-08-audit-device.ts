import { VAULT_METADATA_KEYS } from "../../../shared/vault";
import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { judgeVaultHosts } from "../../views/vault-hosts";

const AUDIT_PATH = `metadata.${VAULT_METADATA_KEYS.auditFile}`;

export const SEC08AuditDevice: Control = {
  id: "SEC-08",
  title: "Every Vault node declares a file audit device that its boot script sets up",
  claim: "Every request to Vault is recorded by a file audit device, rotated and shipped off the node.",
  severity: "high",
  rationale:
    "Vault's audit log is the only record of who read or changed which secret. Vault cannot declare audit " +
    "devices in its configuration file: one must be enabled through the API after initialisation, and its " +
    "file must be rotated and shipped where an attacker on the node cannot erase it.",
  remediation:
    `Set ${AUDIT_PATH} to an absolute log path and install the enable-audit helper with it in the boot script; ` +
    "run the helper with the initial root token right after `vault operator init` (README, Vault).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    `VaultCluster sets ${AUDIT_PATH}; the boot script prepares the log directory, logrotate (SIGHUP), the Ops ` +
    "Agent and Wazuh pipelines for that file, and installs vault-post-init, which the init runbook runs once. " +
    "The synthesized configuration proves this set-up, not that the operator ran the runbook: `vault audit list` does.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      const path = literal(scope, host.resource, get(host.resource.attributes, AUDIT_PATH));
      const script =
        get(host.resource.attributes, "metadata_startup_script") ??
        get(host.resource.attributes, "metadata.startup-script");
      const found = [evidence(AUDIT_PATH, path)];
      if (isUnknown(path) || isUnknown(script)) {
        return [
          verdict(
            "unknown",
            host.resource,
            "the audit device or boot script is known only after apply",
            found,
          ),
        ];
      }
      if (typeof path !== "string" || !path.startsWith("/")) {
        return [
          verdict(
            "fail",
            host.resource,
            "no file audit device is declared: Vault would record no request",
            found,
          ),
        ];
      }
      if (typeof script !== "string" || !script.includes(`file_path=${path}`)) {
        return [
          verdict(
            "fail",
            host.resource,
            `the boot script does not set up the audit device for ${path}`,
            found,
          ),
        ];
      }
      return [
        verdict("pass", host.resource, `file audit device at ${path}, set up by the boot script`, found),
      ];
    }),
};
