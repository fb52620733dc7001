/**
 * A Cloud Logging query in a comparable form: whitespace removed, so `a = "b"` and `a="b"` read the same.
 * Controls compare queries by the clauses they must contain, not by exact text.
 */
export function normaliseFilter(filter: string): string {
  return filter.replace(/\s+/g, "");
}

/** Queries that select every Cloud Audit Logs entry (all audit log streams of the project). */
const ALL_AUDIT_LOGS = ['logName:"cloudaudit.googleapis.com"', "logName:cloudaudit.googleapis.com"].map(
  normaliseFilter,
);

/** Whether a sink filter routes every audit log entry: no filter at all, or exactly the audit log name clause. */
export function selectsAllAuditLogs(filter: unknown): boolean {
  if (filter === undefined || filter === null || filter === "") return true;
  return typeof filter === "string" && ALL_AUDIT_LOGS.includes(normaliseFilter(filter));
}
