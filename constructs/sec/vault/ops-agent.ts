/**
 * Ops Agent configuration (merged by the agent with its built-in syslog and metrics defaults) that ships
 * Vault's audit log to Cloud Logging, one JSON entry per request, so audit records leave the node as they
 * are written and survive the node's loss.
 */
export function renderOpsAgentConfig(auditLog: string): string {
  return [
    "logging:",
    "  receivers:",
    "    vault_audit:",
    "      type: files",
    "      include_paths:",
    `        - ${auditLog}`,
    "  processors:",
    "    vault_audit_json:",
    "      type: parse_json",
    "  service:",
    "    pipelines:",
    "      vault_audit:",
    "        receivers: [vault_audit]",
    "        processors: [vault_audit_json]",
    "",
  ].join("\n");
}
