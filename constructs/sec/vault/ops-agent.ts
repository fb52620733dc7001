/**
 * Name of the log Vault's audit entries are written to. The Ops Agent names each entry's log after the
 * receiver that read it, so the receiver's id is the log id: `projects/<project>/logs/vault_audit`. It is
 * not a Cloud Audit Logs name (those are Google's own), so the monitoring stack routes it to the locked
 * audit log bucket by this name (MON-08).
 */
export const VAULT_AUDIT_LOG_ID = "vault_audit";
/**
 * The second audit device's log: a request Vault could record only there (the first device's file unwritable)
 * must leave the node too. Every request is in both logs while both devices work.
 */
export const VAULT_AUDIT_FALLBACK_LOG_ID = "vault_audit_fallback";

/**
 * Ops Agent configuration (merged by the agent with its built-in syslog and metrics defaults) that ships
 * both of Vault's audit files to Cloud Logging, one JSON entry per request, under the logs
 * `VAULT_AUDIT_LOG_ID` and `VAULT_AUDIT_FALLBACK_LOG_ID`, so audit records leave the node as they are
 * written and survive the node's loss.
 */
export function renderOpsAgentConfig(auditLog: string, fallbackLog: string): string {
  const receiver = (id: string, path: string) => [
    `    ${id}:`,
    "      type: files",
    "      include_paths:",
    `        - ${path}`,
  ];
  return [
    "logging:",
    "  receivers:",
    ...receiver(VAULT_AUDIT_LOG_ID, auditLog),
    ...receiver(VAULT_AUDIT_FALLBACK_LOG_ID, fallbackLog),
    "  processors:",
    "    vault_audit_json:",
    "      type: parse_json",
    "  service:",
    "    pipelines:",
    "      vault_audit:",
    `        receivers: [${VAULT_AUDIT_LOG_ID}, ${VAULT_AUDIT_FALLBACK_LOG_ID}]`,
    "        processors: [vault_audit_json]",
    "",
  ].join("\n");
}
