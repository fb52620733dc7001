import type { Evidence, Finding, Status } from "../../control";
import { BACKUP_EVIDENCE } from "../../views/backup-stores";

/**
 * The controls whose findings the per-store backup section is read from: nothing in it is computed from the
 * configuration or the builder, only from what these controls found and gave as evidence.
 */
export const BACKUP_SECTION_CONTROLS = {
  /** One finding per stateful store: its region and every backup path (kind, via, region, key, retention, lock). */
  paths: "BAK-07",
  /** One finding per store and path (subject: `<kind>: <via>`): whether the copy's key is held where it is. */
  keys: "BAK-08",
  /** One finding per backup bucket: the scheduled jobs that write to it, and create grants no job uses. */
  writers: "BAK-09",
  /** One finding per Cloud SQL instance: its scheduled restore drill. */
  drills: "BAK-11",
} as const;

/** One copy of a store, as BAK-07's evidence gives it, with BAK-08's verdict on its key. */
export interface BackupCopy {
  /** `snapshot schedule`, `automated backups`, `scheduled export`, `scheduled snapshot job`. */
  readonly kind: string;
  /** What makes the copy (schedule, instance settings, scheduler -> job -> bucket/prefix). */
  readonly via: string;
  readonly region: string;
  readonly keyRegion: string;
  readonly retentionDays: string;
  readonly locked: string;
  /** Why the lock is what it is. */
  readonly lock: string;
  /** BAK-08's verdict on the copy's key, when it judged this copy. */
  readonly key?: { readonly status: Status; readonly message: string };
  /** Whether the store's passing restore drill restores this copy (BAK-11's `(restores copy)`). */
  readonly restored: boolean;
}

/** One stateful store of one environment and how it is backed up. */
export interface BackupStore {
  readonly environment: string;
  /** `<stack>/<address>` of the store (a template's data disk, a disk, a Cloud SQL instance). */
  readonly store: string;
  readonly region: string;
  /** BAK-07's verdict: a copy outside the store's region exists. */
  readonly status: Status;
  readonly message: string;
  readonly copies: readonly BackupCopy[];
  /** From BAK-11: whether a scheduled restore drill restores this store's backups, and how. */
  readonly restore: { readonly tested: boolean; readonly how: string };
}

/** The "Restore tested" cell of a copy's row (no copy: the store's own row). */
export function restoreCell(store: BackupStore, copy: BackupCopy | undefined): string {
  if (copy?.restored) return `yes: ${store.restore.how}`;
  if (copy && store.restore.tested) return "no: the drill restores another copy of this store";
  return `no: ${store.restore.how}`;
}

/** One backup bucket of one environment: who writes into it (BAK-09). */
export interface BackupBucket {
  readonly environment: string;
  readonly bucket: string;
  readonly status: Status;
  readonly writers: readonly {
    readonly job: string;
    readonly schedule: string;
    readonly prefix: string;
    readonly writesAs: string;
  }[];
  /** Grants to create objects that no scheduled job uses: a writer whose job is missing. */
  readonly idleGrants: readonly string[];
}

export interface BackupSection {
  readonly stores: readonly BackupStore[];
  readonly buckets: readonly BackupBucket[];
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "(not set)";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(show).join(", ");
  return JSON.stringify(value);
}

function field(evidence: Evidence, key: string): unknown {
  const value = evidence.value;
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

/** The finding's message without the `<address>: ` the engine puts first. */
function ownMessage(finding: Finding): string {
  const address = finding.resource.slice(finding.resource.indexOf("/") + 1);
  return finding.message.startsWith(`${address}: `)
    ? finding.message.slice(address.length + 2)
    : finding.message;
}

const byOrder = (a: { environment: string; key: string }, b: { environment: string; key: string }) =>
  a.environment.localeCompare(b.environment) || a.key.localeCompare(b.key);

/**
 * The per-store backup section of the matrix, from the BAK findings alone: for every store BAK-07 judged, each
 * copy with its region, key region (and BAK-08's verdict on it), retention and lock, and whether BAK-11 found a
 * scheduled restore drill of it; for every backup bucket BAK-09 judged, who writes into it.
 */
export function backupSection(findings: readonly Finding[]): BackupSection {
  const of = (control: string) =>
    findings.filter((f) => f.control === control && !f.resource.endsWith("/project"));
  const keys = of(BACKUP_SECTION_CONTROLS.keys);
  const drills = of(BACKUP_SECTION_CONTROLS.drills);
  const stores = of(BACKUP_SECTION_CONTROLS.paths)
    .map((finding): BackupStore => {
      const region = finding.evidence.find((e) => e.path === BACKUP_EVIDENCE.storeRegion);
      const drill = drills.find(
        (d) => d.environment === finding.environment && d.resource === finding.resource,
      );
      const restored =
        drill?.status === "pass"
          ? drill.evidence.find((e) => e.path === BACKUP_EVIDENCE.restores)?.value
          : undefined;
      const copies = finding.evidence
        .filter((e) => e.path.startsWith(BACKUP_EVIDENCE.path))
        .map((e): BackupCopy => {
          const kind = e.path.slice(BACKUP_EVIDENCE.path.length);
          const via = show(field(e, "via"));
          const key = keys.find(
            (k) =>
              k.environment === finding.environment &&
              k.resource === finding.resource &&
              k.subject === `${kind}: ${via}`,
          );
          return {
            kind,
            via,
            region: show(field(e, "region")),
            keyRegion: show(field(e, "keyRegion")),
            retentionDays: show(field(e, "retentionDays")),
            locked: show(field(e, "locked")),
            lock: show(field(e, "lock")),
            ...(key ? { key: { status: key.status, message: ownMessage(key) } } : {}),
            restored: restored === via,
          };
        });
      return {
        environment: finding.environment,
        store: finding.resource,
        region: show(region?.value),
        status: finding.status,
        message: ownMessage(finding),
        copies,
        restore: drill
          ? { tested: drill.status === "pass", how: ownMessage(drill) }
          : { tested: false, how: "no scheduled restore drill is declared for this store" },
      };
    })
    .sort((a, b) => byOrder({ ...a, key: a.store }, { ...b, key: b.store }));
  const buckets = of(BACKUP_SECTION_CONTROLS.writers)
    .map((finding): BackupBucket => ({
      environment: finding.environment,
      bucket: finding.resource,
      status: finding.status,
      writers: finding.evidence
        .filter((e) => e.path === BACKUP_EVIDENCE.writer)
        .map((e) => ({
          job: show(field(e, "job")),
          schedule: show(field(e, "schedule")),
          prefix: show(field(e, "prefix")),
          writesAs: show(field(e, "writes_as")),
        })),
      idleGrants: finding.evidence
        .filter((e) => e.path === BACKUP_EVIDENCE.idleGrant)
        .map((e) => `${show(field(e, "grant"))} (${show(field(e, "members"))})`),
    }))
    .sort((a, b) => byOrder({ ...a, key: a.bucket }, { ...b, key: b.bucket }));
  return { stores, buckets };
}
