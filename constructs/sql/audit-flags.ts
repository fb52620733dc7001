/**
 * PostgreSQL flags that make Cloud SQL log who connected and what changed, following CIS Google Cloud
 * Foundations Benchmark v3.0 section 6.2 (numbers below), plus IAM database authentication so no application
 * password exists. Cloud SQL flag values are lowercase.
 */
export function auditFlags(pgauditLog: string): Record<string, string> {
  return {
    /** Logins with IAM credentials (short-lived OAuth tokens) instead of passwords. */
    "cloudsql.iam_authentication": "on",
    "cloudsql.enable_pgaudit": "on", // 6.2.8
    "pgaudit.log": pgauditLog, // 6.2.8
    log_error_verbosity: "default", // 6.2.1
    log_connections: "on", // 6.2.2
    log_disconnections: "on", // 6.2.3
    log_statement: "ddl", // 6.2.4
    log_min_messages: "warning", // 6.2.5
    log_min_error_statement: "error", // 6.2.6
    log_min_duration_statement: "-1", // 6.2.7: statement text may carry secrets
    log_checkpoints: "on",
    log_lock_waits: "on",
    log_temp_files: "0",
  };
}
