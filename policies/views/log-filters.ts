import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { literal } from "../model/resolve";

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

/** Queries that select every entry except the audit logs: the negation of an all-audit-logs query. */
const ALL_BUT_AUDIT_LOGS = ALL_AUDIT_LOGS.flatMap((audit) => [`NOT${audit}`, `NOT(${audit})`, `-${audit}`]);

/** Queries that select every log entry: `logName` is required on each entry and `:*` tests presence. */
const EVERY_LOG = ["logName:*"].map(normaliseFilter);

/** Whether a query selects every log entry (an exclusion with it keeps nothing). */
export function selectsEveryLog(filter: unknown): boolean {
  return typeof filter === "string" && EVERY_LOG.includes(normaliseFilter(filter));
}

/**
 * Whether a sink filter routes every application (non-audit) entry: every entry but the audit logs, or
 * every entry (no filter, or a query matching all).
 */
export function selectsAllApplicationLogs(filter: unknown): boolean {
  if (filter === undefined || filter === null || filter === "" || selectsEveryLog(filter)) return true;
  return typeof filter === "string" && ALL_BUT_AUDIT_LOGS.includes(normaliseFilter(filter));
}

/**
 * A filter's text with each `${...}` reference replaced by the literal it names (a job's name, a bucket's id),
 * as Terraform renders it: a filter naming a declared resource can be read before apply. Unknown when an
 * interpolation names no declared literal (a variable, an attribute known only after apply).
 */
export function filterText(scope: Scope, from: Resource, filter: unknown): unknown {
  const whole = literal(scope, from, filter);
  if (!isUnknown(whole) || typeof filter !== "string") return whole;
  let unresolved: Unknown | undefined;
  const text = filter.replace(/\$\{[^}]*\}/g, (interpolation) => {
    const value = literal(scope, from, interpolation);
    if (isUnknown(value) || (typeof value !== "string" && typeof value !== "number")) {
      unresolved ??= isUnknown(value) ? value : new Unknown(`${interpolation} is not a literal`);
      return interpolation;
    }
    return String(value);
  });
  return unresolved ?? text;
}
