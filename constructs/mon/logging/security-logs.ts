import { VAULT_AUDIT_FALLBACK_LOG_ID, VAULT_AUDIT_LOG_ID } from "../../sec/vault/ops-agent";

/** A log that records security-relevant traffic or access but is not a Cloud Audit Logs stream. */
export interface SecurityLog {
  /** What the log records, for descriptions. */
  readonly category: string;
  /** The log id as it appears in `logName` (URL-encoded: `/` is `%2F`). */
  readonly logId: string;
}

/**
 * The security logs that are not Cloud Audit Logs and would otherwise land in the 30-day application bucket.
 * Cloud SQL's pgAudit entries are Data Access audit logs (`cloudaudit.googleapis.com%2Fdata_access`) and
 * already reach the audit bucket; `postgres.log` carries the connection and disconnection lines.
 */
export const SECURITY_LOGS: readonly SecurityLog[] = [
  { category: "VPC flow logs", logId: "compute.googleapis.com%2Fvpc_flows" },
  { category: "VPC firewall rule logs", logId: "compute.googleapis.com%2Ffirewall" },
  { category: "Cloud NAT logs", logId: "compute.googleapis.com%2Fnat_flows" },
  // Cloud DNS query logging of the VPC's private zones and forwarding (NET-18): who resolved what.
  { category: "Cloud DNS query logs", logId: "dns.googleapis.com%2Fdns_queries" },
  // The external HTTPS load balancer's request log; it carries Cloud Armor's verdict (enforcedSecurityPolicy).
  { category: "Load balancer and Cloud Armor request logs", logId: "requests" },
  { category: "Cloud SQL PostgreSQL logs (connections)", logId: "cloudsql.googleapis.com%2Fpostgres.log" },
  { category: "Vault audit log (Ops Agent)", logId: VAULT_AUDIT_LOG_ID },
  { category: "Vault fallback audit log (Ops Agent)", logId: VAULT_AUDIT_FALLBACK_LOG_ID },
];

/**
 * A Cloud Logging query selecting exactly the given logs of a project: one exact `logName` comparison per
 * log, joined by OR (an exact name, not `:`, so `requests` does not also match `run.googleapis.com%2Frequests`).
 */
export function securityLogsFilter(project: string, logs: readonly SecurityLog[] = SECURITY_LOGS): string {
  if (logs.length === 0) throw new Error("securityLogsFilter: at least one log is required");
  return logs.map((log) => `logName="projects/${project}/logs/${log.logId}"`).join(" OR ");
}
