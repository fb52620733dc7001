import { type Resource, type Scope, isUnknown } from "../model/types";
import { list, truthy } from "../model/values";
import { literal } from "../model/resolve";
import { selectsEveryLog } from "./log-filters";

/**
 * The security logs that are not Cloud Audit Logs, by the log id Google (or the Ops Agent) writes them under.
 * Restated here, not taken from the builder: Google's names are fixed, and `vault_audit` is the receiver id
 * the Vault nodes' Ops Agent configuration ships Vault's audit device under (the agent names a log after its
 * receiver). Cloud SQL's pgAudit entries are Data Access audit logs and are judged by MON-02.
 */
export const SECURITY_LOGS = [
  { category: "VPC flow logs", logId: "compute.googleapis.com%2Fvpc_flows" },
  { category: "VPC firewall rule logs", logId: "compute.googleapis.com%2Ffirewall" },
  { category: "Cloud NAT logs", logId: "compute.googleapis.com%2Fnat_flows" },
  { category: "Cloud DNS query logs", logId: "dns.googleapis.com%2Fdns_queries" },
  { category: "load balancer and Cloud Armor request logs", logId: "requests" },
  { category: "Cloud SQL connection logs", logId: "cloudsql.googleapis.com%2Fpostgres.log" },
  { category: "Vault audit log", logId: "vault_audit" },
  { category: "Vault fallback audit log", logId: "vault_audit_fallback" },
] as const;

export type SecurityLog = (typeof SECURITY_LOGS)[number];

/** Security logs must be kept at least this long: as long as audit logs (MON-02). */
export const MIN_SECURITY_LOG_RETENTION_DAYS = 400;

const LOG_NAME_CLAUSE = /^logName\s*=\s*"projects\/[^/"\s]+\/logs\/([^"\s]+)"$/;

/** The text inside balanced outer parentheses, repeatedly: `((a OR b))` reads as `a OR b`. */
function unwrap(text: string): string {
  let inner = text.trim();
  while (inner.startsWith("(") && inner.endsWith(")")) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === "(") depth++;
      if (inner[i] === ")") depth--;
      if (depth === 0 && i < inner.length - 1) closesAtEnd = false;
    }
    if (!closesAtEnd) break;
    inner = inner.slice(1, -1).trim();
  }
  return inner;
}

/**
 * The log ids a query selects when it is nothing but exact log names joined by OR
 * (`logName="projects/p/logs/a" OR logName="projects/p/logs/b"`); undefined for any other query, whose
 * selection this view does not claim to know.
 */
export function logIdsNamed(filter: unknown): string[] | undefined {
  if (typeof filter !== "string") return undefined;
  const ids: string[] = [];
  for (const clause of unwrap(filter).split(/\s+OR\s+/)) {
    const match = LOG_NAME_CLAUSE.exec(unwrap(clause));
    if (!match) return undefined;
    ids.push(match[1]);
  }
  return ids;
}

/** Whether a sink filter routes this log: no filter, every log, or a disjunction of log names naming it. */
export function selectsLog(filter: unknown, logId: string): boolean {
  if (filter === undefined || filter === null || filter === "" || selectsEveryLog(filter)) return true;
  return logIdsNamed(filter)?.includes(logId) ?? false;
}

const APPLICATION_WITH_CARVE_OUT =
  /^NOT\s+\(?\s*logName\s*:\s*"?cloudaudit\.googleapis\.com"?\s*\)?\s+AND\s+NOT\s+(\(.*\))$/s;

/**
 * The log ids an application sink leaves out of "every entry but the audit logs":
 * `NOT logName:"cloudaudit.googleapis.com" AND NOT (<log names joined by OR>)`; undefined for any other query.
 */
export function carvedOutLogIds(filter: unknown): string[] | undefined {
  if (typeof filter !== "string") return undefined;
  const match = APPLICATION_WITH_CARVE_OUT.exec(filter.trim());
  return match ? logIdsNamed(match[1]) : undefined;
}

/**
 * The declared log buckets that certainly keep a log at least `MIN_SECURITY_LOG_RETENTION_DAYS` days: an
 * enabled sink without exclusions selects it and writes to the bucket, whose retention is a literal that
 * long. Used to show a log left out of the application route has another home.
 */
export function longTermBucketsFor(scope: Scope, logId: string): Resource[] {
  const buckets: Resource[] = [];
  for (const sink of scope.ofType("google_logging_project_sink")) {
    const a = sink.attributes;
    if (isUnknown(a.filter) || !selectsLog(a.filter, logId)) continue;
    if (truthy(a.disabled) !== false) continue;
    if (list(a, "exclusions").length > 0) continue;
    const bucket = scope
      .references(sink, a.destination)
      .find((ref) => ref.resource.type === "google_logging_project_bucket_config")?.resource;
    if (!bucket) continue;
    const retention = literal(scope, bucket, bucket.attributes.retention_days);
    if (typeof retention === "number" && retention >= MIN_SECURITY_LOG_RETENTION_DAYS) buckets.push(bucket);
  }
  return buckets;
}
