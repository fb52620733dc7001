import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, list } from "../model/values";
import { isSet } from "../judge/presence";
import { designates, designationIndex, literal, referencedResources, targetIndex } from "../model/resolve";
import { perScope } from "../model/per-scope";
import { evidence, projectVerdict } from "../judge/results";
import type { Evidence, Result } from "../control";
import { BACKUP_PURPOSE_LABEL } from "../../shared/labels";
import { DISK_TYPES, TEMPLATE_TYPES, bucketDataLocations } from "./cmek";
import { type Grant, iamGrants } from "./iam";
import { keyLocation, keyReference } from "./kms";
import { regionOfZone, storageLocation } from "./locations";
import { SECONDS_PER_DAY } from "../../lib/duration";
import { appendTo } from "../../lib/multimap";

export const SNAPSHOT_POLICY = "google_compute_resource_policy";
export const SQL_INSTANCE = "google_sql_database_instance";
export const BACKUP_VAULT = "google_backup_dr_backup_vault";
export const CLOUD_RUN_JOB = "google_cloud_run_v2_job";
export const SCHEDULER_JOB = "google_cloud_scheduler_job";
export const BACKUP_PLAN = "google_backup_dr_backup_plan";
const DISK_ATTACHMENTS = [
  "google_compute_disk_resource_policy_attachment",
  "google_compute_region_disk_resource_policy_attachment",
];

/**
 * The `purpose` label value of a restore drill's job (the builder's RestoreDrill writes it; restated here, as
 * requirements are, so that a renamed label shows up as a missing drill instead of agreeing silently).
 */
export const RESTORE_DRILL_PURPOSE = "restore-drill";

/** Predefined roles that let a member create objects in a bucket. */
export const OBJECT_CREATE_ROLES: readonly string[] = [
  "roles/storage.objectCreator",
  "roles/storage.objectUser",
  "roles/storage.objectAdmin",
  "roles/storage.admin",
  "roles/storage.legacyBucketWriter",
  "roles/storage.legacyBucketOwner",
];

/** Buckets labelled `purpose=backups`. */
export const backupBuckets = perScope((scope: Scope): readonly Resource[] =>
  scope
    .ofType("google_storage_bucket")
    .filter(
      (bucket) =>
        literal(scope, bucket, get(bucket.attributes, `labels.${BACKUP_PURPOSE_LABEL.key}`)) ===
        BACKUP_PURPOSE_LABEL.value,
    ),
);

/**
 * A verdict on a Backup and DR vault, unless nothing is backed up into it: no backup plan's backup_vault names
 * it (a plan whose vault is known only after apply may). What an empty vault enforces protects nothing, so it
 * is not applicable, with what it would enforce in the message: the claim must not pass on an empty store.
 */
export function unlessEmptyVault(scope: Scope, vault: Resource, judged: Result): Result {
  if (scope.ofType(BACKUP_PLAN).some((plan) => mayBackUpInto(scope, plan, vault))) return judged;
  return {
    ...judged,
    status: "not-applicable",
    message:
      `no ${BACKUP_PLAN} declared here backs up into it, so its retention and lock protect nothing yet ` +
      `(as declared: ${judged.message})`,
  };
}

/**
 * Whether a backup plan's backup_vault is (or may be) this vault: by reference, by its id
 * (`projects/<p>/locations/<l>/backupVaults/<backup_vault_id>` or the bare id), or known only after apply.
 */
function mayBackUpInto(scope: Scope, plan: Resource, vault: Resource): boolean {
  const value = plan.attributes.backup_vault;
  if (designates(scope, plan, value, vault) !== false) return true;
  const named = literal(scope, plan, value);
  if (isUnknown(named)) return true;
  const id = literal(scope, vault, vault.attributes.backup_vault_id);
  return (
    typeof named === "string" &&
    (isUnknown(id) || (typeof id === "string" && (named === id || named.endsWith(`/backupVaults/${id}`))))
  );
}

/** Resource policies that take disk snapshots (other resource policies schedule instances or placement). */
export function snapshotSchedules(scope: Scope): Resource[] {
  return scope.ofType(SNAPSHOT_POLICY).filter((p) => isSet(get(p.attributes, "snapshot_schedule_policy")));
}

/** Cloud SQL instances that take their own automated backups (read replicas do not). */
export function sqlPrimaries(scope: Scope): Resource[] {
  return scope.ofType(SQL_INSTANCE).filter((i) => !isSet(i.attributes.master_instance_name));
}

/**
 * Runs `judge` over each kind of backup store present; when none is present at all, one project-level
 * verdict with `status` says so (a baseline without backups must not pass silently).
 */
export function judgeStores(
  kinds: readonly { resources: readonly Resource[]; judge: (r: Resource) => Result | Result[] }[],
  none: { status: Result["status"]; message: string },
): Result[] {
  const results = kinds.flatMap((kind) => kind.resources.flatMap(kind.judge));
  return results.length > 0 ? results : [projectVerdict(none.status, none.message)];
}

/**
 * Regions the environment's workloads (and so its primary data) run in: the regions of its subnets and Cloud
 * SQL instances. Unknown when a region is only known after apply; empty when the scope declares neither.
 */
export function workloadRegions(scope: Scope): Set<string> | Unknown {
  const regions = new Set<string>();
  for (const resource of [...scope.ofType("google_compute_subnetwork"), ...scope.ofType(SQL_INSTANCE)]) {
    const region = literal(scope, resource, resource.attributes.region);
    if (isUnknown(region)) return region;
    if (typeof region !== "string") {
      return new Unknown(`${resource.address}.region is not set: it inherits the provider's default`);
    }
    regions.add(region.toLowerCase());
  }
  return regions;
}

/** A literal location in lowercase, an Unknown, or undefined when the attribute is not set. */
export function locationOf(scope: Scope, resource: Resource, value: unknown): string | Unknown | undefined {
  const found = literal(scope, resource, value);
  if (isUnknown(found)) return found;
  return typeof found === "string" && found !== "" ? found.toLowerCase() : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Stateful disks: every disk that holds data, and where it names its snapshot schedules and its key.

/** One disk that holds data: a template's or instance's non-boot, non-scratch disk, or a standalone disk. */
export interface StatefulDisk {
  /** The resource that declares the disk (template, instance or disk). */
  readonly owner: Resource;
  /** How messages name it: `disk "raft" (disk.1)`, `disk acme-prod-wazuh-data`. */
  readonly what: string;
  /**
   * `inline`: a template's or instance's own disk; `standalone`: a disk resource; `undeclared`: an instance
   * attaches a disk this configuration does not declare, so nothing about it can be verified.
   */
  readonly kind: "inline" | "standalone" | "undeclared";
  /** Resource policies named for the disk by itself or by attachments Terraform surely creates. */
  readonly policies: readonly unknown[];
  /** Attachments Terraform creates only if a count/for_each expression says so. */
  readonly maybeAttachments: readonly Resource[];
  /** What the policies were read from. */
  readonly found: Evidence[];
  /** Where the disk names its customer-managed key. */
  readonly key: { readonly path: string; readonly value: unknown };
}

export function statefulDisks(scope: Scope): StatefulDisk[] {
  const attachments = designationIndex(
    scope,
    DISK_ATTACHMENTS.flatMap((type) => scope.ofType(type)),
    (a) => [{ from: a, value: a.attributes.disk }],
  );
  return [
    ...TEMPLATE_TYPES.flatMap((type) => scope.ofType(type)).flatMap((t) => inlineDisks(scope, t, "disk")),
    ...scope.ofType("google_compute_instance").flatMap((i) => inlineDisks(scope, i, "attached_disk")),
    ...DISK_TYPES.flatMap((type) => scope.ofType(type))
      .filter((disk) => !isBootDisk(scope, disk))
      .map((disk) => standaloneDisk(disk, attachments.designating(disk))),
  ];
}

function inlineDisks(scope: Scope, owner: Resource, block: "disk" | "attached_disk"): StatefulDisk[] {
  return blocks(owner.attributes, block).flatMap((disk, index): StatefulDisk[] => {
    if (get(disk, "boot") === true || isScratch(disk)) return [];
    // A declared disk resource is judged once, as itself.
    if (
      referencedResources(scope, owner, disk.source).some((r) =>
        (DISK_TYPES as readonly string[]).includes(r.type),
      )
    )
      return [];
    const name = String(disk.device_name ?? disk.disk_name ?? disk.source ?? `#${index}`);
    const path = `${block}.${index}`;
    const what = `disk "${name}" (${path})`;
    if (block === "attached_disk") {
      return [
        {
          owner,
          what,
          kind: "undeclared",
          policies: [],
          maybeAttachments: [],
          found: [evidence(`${path}.source`, disk.source)],
          key: { path: `${path}.kms_key_self_link`, value: get(disk, "kms_key_self_link") },
        },
      ];
    }
    const policies = list(disk, "resource_policies");
    return [
      {
        owner,
        what,
        kind: "inline",
        policies,
        maybeAttachments: [],
        found: [evidence(`${path}.resource_policies`, policies)],
        key: {
          path: `${path}.disk_encryption_key.kms_key_self_link`,
          value: get(disk, "disk_encryption_key.kms_key_self_link"),
        },
      },
    ];
  });
}

function standaloneDisk(disk: Resource, attachments: Resource[]): StatefulDisk {
  const own = list(disk.attributes, "resource_policies");
  const sure = attachments.filter((a) => a.conditional === undefined);
  const keyPath =
    disk.type === "google_compute_region_disk"
      ? "disk_encryption_key.kms_key_name"
      : "disk_encryption_key.kms_key_self_link";
  return {
    owner: disk,
    what: `disk ${String(disk.attributes.name ?? disk.name)}`,
    kind: "standalone",
    policies: [...own, ...sure.map((a) => a.attributes.name)],
    maybeAttachments: attachments.filter((a) => a.conditional !== undefined),
    found: [
      evidence("resource_policies", disk.attributes.resource_policies),
      evidence(
        "(attached policies)",
        attachments.map((a) => a.address),
      ),
    ],
    key: { path: keyPath, value: get(disk.attributes, keyPath) },
  };
}

function isScratch(disk: Record<string, unknown>): boolean {
  return get(disk, "type") === "SCRATCH" || get(disk, "disk_type") === "local-ssd";
}

/** A standalone disk an instance boots from: rebuilt from its image, not a data disk. */
function isBootDisk(scope: Scope, disk: Resource): boolean {
  return scope
    .referencing(disk, "google_compute_instance")
    .some(
      (instance) => designates(scope, instance, get(instance.attributes, "boot_disk.source"), disk) === true,
    );
}

/** The snapshot schedule each resource-policy value names (schedules indexed once per evaluation). */
export function scheduleResolver(scope: Scope): (from: Resource, value: unknown) => Resource | undefined {
  return targetIndex(scope, snapshotSchedules(scope));
}

// ---------------------------------------------------------------------------------------------------------
// Scheduled jobs, writers and restore drills.

/** A Cloud Run job that Cloud Scheduler starts (`POST .../jobs/<name>:run`). */
export interface ScheduledRun {
  readonly scheduler: Resource;
  readonly job: Resource;
  readonly schedule: unknown;
  /** Whether the scheduler job is paused (then nothing runs); Unknown when only known after apply. */
  readonly paused: boolean | Unknown;
}

/** Every Cloud Scheduler job whose HTTP target runs a declared Cloud Run job. */
export const scheduledRuns = perScope((scope: Scope): readonly ScheduledRun[] => {
  const jobsByName = new Map<unknown, Resource[]>();
  for (const job of scope.ofType(CLOUD_RUN_JOB)) {
    appendTo(jobsByName, job.attributes.name, job);
  }
  return scope.ofType(SCHEDULER_JOB).flatMap((scheduler): ScheduledRun[] => {
    const uri = get(scheduler.attributes, "http_target.uri");
    if (typeof uri !== "string" || !/:run$/.test(uri)) return [];
    const byReference = referencedResources(scope, scheduler, uri).filter((r) => r.type === CLOUD_RUN_JOB);
    const name = /\/jobs\/([^/:$]+):run$/.exec(uri)?.[1];
    const found =
      byReference.length > 0 ? byReference : name === undefined ? [] : (jobsByName.get(name) ?? []);
    const pausedValue = literal(scope, scheduler, scheduler.attributes.paused);
    const paused = isUnknown(pausedValue) ? pausedValue : pausedValue === true || pausedValue === "true";
    return found.map((job) => ({ scheduler, job, schedule: scheduler.attributes.schedule, paused }));
  });
});

/** Environment variable values of a Cloud Run job's containers, with their names. */
export function jobEnv(job: Resource): { path: string; value: unknown }[] {
  return blocks(job.attributes, "template.template.containers").flatMap((container, c) =>
    blocks(container, "env").map((env, e) => ({
      path: `template.template.containers.${c}.env.${e}(${String(env.name)})`,
      value: env.value,
    })),
  );
}

/** Grants on a bucket of a role that creates objects. */
export function objectCreateGrants(scope: Scope, bucket: Resource): Grant[] {
  return createGrantIndex(scope).designating(bucket);
}

const createGrantIndex = perScope((scope: Scope) =>
  designationIndex(
    scope,
    iamGrants(scope, ["google_storage_bucket"]).filter(
      (g) => typeof g.role === "string" && OBJECT_CREATE_ROLES.includes(g.role),
    ),
    (g) => [{ from: g.resource, value: g.resource.attributes.bucket }],
  ),
);

/** `resource.name.startsWith(".../objects/<prefix>")` in a grant's condition → the prefix it allows. */
export function grantPrefix(grant: Grant): string | undefined {
  const expression = grant.condition ? get(grant.condition, "expression") : undefined;
  if (typeof expression !== "string") return undefined;
  return /\/objects\/([^"]*)"\)/.exec(expression)?.[1];
}

/** Whether a grant's member is the identity `value` (read from `from`) names: by reference or literally. */
function sameIdentity(scope: Scope, grant: Grant, member: unknown, from: Resource, value: unknown): boolean {
  if (isUnknown(value) || isUnknown(member) || value === undefined) return false;
  const wanted = new Set(referencedResources(scope, from, value).map((r) => r.id));
  const named = referencedResources(scope, grant.resource, member);
  if (wanted.size > 0 && named.some((r) => wanted.has(r.id))) return true;
  return typeof value === "string" && typeof member === "string" && member === `serviceAccount:${value}`;
}

/** A scheduled job that writes to a bucket, with the identity that writes and the grant that lets it. */
export interface BucketWriter {
  readonly run: ScheduledRun;
  /** The Cloud SQL instance that writes on the job's behalf (an export), when it is not the job itself. */
  readonly instance?: Resource;
  readonly grant: Grant;
  readonly prefix?: string;
}

/**
 * Scheduled jobs that write to `bucket`: the job names the bucket (an environment variable or a read-write
 * mount) and either runs as an identity granted object creation on it, or names a Cloud SQL instance (an
 * export) whose own service account is granted it. Grants no scheduled job accounts for are returned too.
 */
export function bucketWriters(scope: Scope, bucket: Resource): { writers: BucketWriter[]; idle: Grant[] } {
  const index = writerIndex(scope);
  const known = index.byBucket.get(bucket.id);
  if (known) return known;
  const grants = objectCreateGrants(scope, bucket);
  const naming = new Set([...index.naming.designating(bucket), ...index.mounting.designating(bucket)]);
  const writers = index.runs
    .filter((run) => naming.has(run))
    .flatMap((run): BucketWriter[] => {
      const identity = get(run.job.attributes, "template.template.service_account");
      const direct = grants.flatMap((grant) =>
        grant.members
          .filter((member) => sameIdentity(scope, grant, member, run.job, identity))
          .map(() => ({ run, grant, prefix: grantPrefix(grant) })),
      );
      const viaInstance = (index.instancesNamed.get(run) ?? []).flatMap((instance) =>
        grants
          .filter((grant) =>
            grant.members.some((member) =>
              referencedResources(scope, grant.resource, member).some((r) => r.id === instance.id),
            ),
          )
          .map((grant) => ({ run, instance, grant, prefix: grantPrefix(grant) })),
      );
      return [...direct, ...viaInstance];
    });
  const used = new Set(writers.map((w) => w.grant.resource.id));
  const found = { writers, idle: grants.filter((g) => !used.has(g.resource.id)) };
  index.byBucket.set(bucket.id, found);
  return found;
}

/** What bucketWriters asks of every bucket, indexed once per scope (and its answers, per bucket). */
const writerIndex = perScope((scope: Scope) => {
  const runs = scheduledRuns(scope);
  const naming = designationIndex(scope, runs, (run) =>
    jobEnv(run.job).map(({ value }) => ({ from: run.job, value })),
  );
  const mounting = designationIndex(scope, runs, (run) =>
    blocks(run.job.attributes, "template.template.volumes")
      .filter((v) => get(v, "gcs.read_only") !== true && get(v, "gcs.read_only") !== "true")
      .map((v) => ({ from: run.job, value: get(v, "gcs.bucket") })),
  );
  const instancesNamed = new Map<ScheduledRun, Resource[]>();
  for (const instance of scope.ofType(SQL_INSTANCE)) {
    for (const run of naming.designating(instance)) appendTo(instancesNamed, run, instance);
  }
  const byBucket = new Map<string, { writers: BucketWriter[]; idle: Grant[] }>();
  return { runs, naming, mounting, instancesNamed, byBucket };
});

/** Cloud Run jobs labelled as restore drills (`purpose=restore-drill`). */
export const restoreDrillJobs = perScope((scope: Scope): readonly Resource[] =>
  scope
    .ofType(CLOUD_RUN_JOB)
    .filter(
      (job) =>
        literal(scope, job, get(job.attributes, `labels.${BACKUP_PURPOSE_LABEL.key}`)) ===
        RESTORE_DRILL_PURPOSE,
    ),
);

// ---------------------------------------------------------------------------------------------------------
// Backup paths: where each stateful store's copies go, for the per-store controls and the matrix.

/** One way a store's data is copied, as the matrix shows it. */
export interface BackupPath {
  /** `snapshot schedule`, `automated backups`, `scheduled export`. */
  readonly kind: string;
  /** What makes the copy: the schedule, the instance's backup configuration, the scheduler and job. */
  readonly via: string;
  /** The resource whose attributes the path was read from (a pass rests on it existing). */
  readonly proof: Resource;
  /** The bucket the copy lands in, when it is a bucket's (views/backup-copies.ts follows it onward). */
  readonly into?: Resource;
  /** The object prefix the copy is written under, when its writer is confined to one. */
  readonly prefix?: string;
  /** Regions the copy is stored in; Unknown when only known after apply. */
  readonly regions: readonly string[] | Unknown;
  /** Region of the key the copy is encrypted with; "google-managed" without a customer-managed key. */
  readonly keyRegion: string | Unknown;
  /** Whether the copy's key is fixed by its source (a service limit): it cannot be chosen per copy. */
  readonly keyFixedBySource: boolean;
  readonly retentionDays: number | Unknown | undefined;
  /** Whether nobody can delete the copy or shorten its retention before it ends. */
  readonly locked: boolean | Unknown;
  /** Why the lock is what it is. */
  readonly lockNote: string;
}

/** Evidence paths the matrix's per-store backup section reads (policies/report/matrix/backups.ts). */
export const BACKUP_EVIDENCE = {
  /** `(backup path) <kind>`: one copy of a store (pathEvidence). */
  path: "(backup path) ",
  /** The region of the store's own data. */
  storeRegion: "(store region)",
  /** A scheduled job that writes to a backup bucket (BAK-09). */
  writer: "(writer)",
  /** A grant to create objects in a backup bucket that no scheduled job uses (BAK-09). */
  idleGrant: "(create grant without a scheduled job)",
  /** The copy a restore drill restores: its `via`, as the path gives it (BAK-11). */
  restores: "(restores copy)",
} as const;

/** A path as evidence: one line per path in reports, the facts the matrix's backup columns show. */
export function pathEvidence(path: BackupPath): Evidence {
  return evidence(`${BACKUP_EVIDENCE.path}${path.kind}`, {
    via: path.via,
    region: show(path.regions),
    keyRegion: show(path.keyRegion),
    retentionDays: show(path.retentionDays),
    locked: show(path.locked),
    lock: path.lockNote,
  });
}

function show(value: unknown): unknown {
  if (isUnknown(value)) return value.toJSON();
  if (Array.isArray(value)) return value.join(", ");
  return value ?? "(not set)";
}

/** The region of the key a CMEK attribute names, "google-managed" when none is named. */
export function keyRegionOf(scope: Scope, from: Resource, value: unknown): string | Unknown {
  const ref = keyReference(scope, from, value);
  if (ref.kind === "none") return "google-managed";
  if (ref.kind === "unknown") return new Unknown(ref.reason);
  return keyLocation(scope, ref);
}

/** The snapshot path a schedule gives a disk whose key is named by `key`. */
export function snapshotPath(scope: Scope, disk: StatefulDisk, schedule: Resource): BackupPath {
  const stored = list(
    schedule.attributes,
    "snapshot_schedule_policy.snapshot_properties.storage_locations",
  ).map((s) => locationOf(scope, schedule, s));
  const days = literal(
    scope,
    schedule,
    get(schedule.attributes, "snapshot_schedule_policy.retention_policy.max_retention_days"),
  );
  return {
    kind: "snapshot schedule",
    via: schedule.address,
    proof: schedule,
    regions: stored.find(isUnknown) ?? (stored.filter((s) => s !== undefined) as string[]),
    keyRegion: keyRegionOf(scope, disk.owner, disk.key.value),
    keyFixedBySource: true,
    retentionDays: isUnknown(days) ? days : isSet(days) ? Number(days) : undefined,
    locked: false,
    lockNote: "snapshots can be deleted by anyone holding compute.snapshots.delete",
  };
}

/** The Cloud SQL instance's own automated backups. */
export function automatedBackupPath(scope: Scope, instance: Resource): BackupPath {
  const base = "settings.backup_configuration";
  const location = locationOf(scope, instance, get(instance.attributes, `${base}.location`));
  const count = literal(
    scope,
    instance,
    get(instance.attributes, `${base}.backup_retention_settings.retained_backups`),
  );
  return {
    kind: "automated backups",
    via: `${instance.address}.${base}`,
    proof: instance,
    regions: isUnknown(location) ? location : location === undefined ? [] : [location],
    keyRegion: keyRegionOf(scope, instance, instance.attributes.encryption_key_name),
    keyFixedBySource: true,
    // Cloud SQL keeps 7 automated backups when retained_backups is not set; one a day.
    retentionDays: isUnknown(count) ? count : isSet(count) ? Number(count) : 7,
    locked: false,
    lockNote: "backups can be deleted by anyone holding cloudsql.backupRuns.delete",
  };
}

/** A bucket's copy of what a scheduled job writes there (`kind`: how the job makes it, for the matrix). */
export function bucketPath(
  scope: Scope,
  writer: BucketWriter,
  bucket: Resource,
  kind = "scheduled export",
  reads?: string,
): BackupPath {
  const copy = bucketCopy(scope, bucket);
  return {
    ...copy,
    // Whether the copy is made at all is known only after apply when the scheduler's pause is.
    regions: isUnknown(writer.run.paused)
      ? new Unknown(`whether ${writer.run.scheduler.address} is paused is known only after apply`)
      : copy.regions,
    kind,
    via:
      `${writer.run.scheduler.address} -> ${writer.run.job.address}${reads ? ` (reads ${reads})` : ""} -> ` +
      `${bucket.address}${writer.prefix ? `/${writer.prefix}` : ""}`,
    proof: writer.run.scheduler,
    prefix: writer.prefix,
  };
}

/** What a copy in `bucket` is: the bucket's regions, key region, retention and lock. */
export function bucketCopy(scope: Scope, bucket: Resource): Omit<BackupPath, "kind" | "via" | "proof"> {
  const location = locationOf(scope, bucket, bucket.attributes.location);
  const period = literal(scope, bucket, get(bucket.attributes, "retention_policy.retention_period"));
  const locked = literal(scope, bucket, get(bucket.attributes, "retention_policy.is_locked"));
  let regions: readonly string[] | Unknown;
  if (isUnknown(location)) regions = location;
  else if (location === undefined) regions = [];
  else {
    const kind = storageLocation(location, bucketDataLocations(bucket));
    regions = "regions" in kind ? kind.regions : new Unknown(`${location} names no regions`);
  }
  const isLocked = isUnknown(locked) ? locked : locked === true || locked === "true";
  return {
    into: bucket,
    regions,
    keyRegion: keyRegionOf(scope, bucket, get(bucket.attributes, "encryption.default_kms_key_name")),
    keyFixedBySource: false,
    retentionDays: isUnknown(period) ? period : isSet(period) ? Number(period) / SECONDS_PER_DAY : undefined,
    locked: isLocked,
    lockNote:
      isLocked === true
        ? "bucket retention policy locked: nobody can delete or shorten it"
        : "bucket retention policy not locked: an administrator can remove it",
  };
}

/** The backup paths of a Cloud SQL instance: its automated backups and the exports scheduled into backup buckets. */
export function sqlPaths(scope: Scope, instance: Resource): BackupPath[] {
  const enabled = literal(scope, instance, get(instance.attributes, "settings.backup_configuration.enabled"));
  const automated = enabled === true || enabled === "true" ? [automatedBackupPath(scope, instance)] : [];
  return [...automated, ...(exportPaths(scope).get(instance.id) ?? [])];
}

/** The scheduled exports into backup buckets, by the instance exported. */
const exportPaths = perScope((scope: Scope) => {
  const byInstance = new Map<string, BackupPath[]>();
  for (const bucket of backupBuckets(scope)) {
    for (const writer of bucketWriters(scope, bucket).writers) {
      // A paused scheduler makes no copy.
      if (!writer.instance || writer.run.paused === true) continue;
      appendTo(byInstance, writer.instance.id, bucketPath(scope, writer, bucket));
    }
  }
  return byInstance;
});

const MIG_TYPES = ["google_compute_region_instance_group_manager", "google_compute_instance_group_manager"];
const BACKEND_SERVICE_TYPES = ["google_compute_region_backend_service", "google_compute_backend_service"];

/**
 * The instance templates whose instances serve a host name inside the VPC: a DNS record set of that name ->
 * the address it answers -> the forwarding rules on that address -> their backend services -> the managed
 * instance groups behind them -> the templates those groups run. Every link is a reference in the
 * configuration (or, for the address, the same literal IP); anything else serves nothing here.
 */
export function templatesServing(scope: Scope, host: string): Resource[] {
  const wanted = host.toLowerCase().replace(/\.$/, "");
  const index = servingIndex(scope);
  const known = index.byHost.get(wanted);
  if (known) return known;
  // An address is met by a rule referring to the same resource, or by the same literal IP.
  const addressKeys = new Set(
    (index.recordsByName.get(wanted) ?? []).flatMap((record) =>
      list(record.attributes, "rrdatas").flatMap((v) => {
        const own = literal(scope, record, v);
        return [
          ...referencedResources(scope, record, v).map((r) => `ref:${r.id}`),
          ...(typeof own === "string" ? [`ip:${own}`] : []),
        ];
      }),
    ),
  );
  const rules = scope.ofType("google_compute_forwarding_rule").filter((rule) => {
    const ip = rule.attributes.ip_address;
    if (referencedResources(scope, rule, ip).some((r) => addressKeys.has(`ref:${r.id}`))) return true;
    const own = literal(scope, rule, ip);
    return typeof own === "string" && addressKeys.has(`ip:${own}`);
  });
  const backends = rules
    .flatMap((rule) => referencedResources(scope, rule, rule.attributes.backend_service))
    .filter((r) => BACKEND_SERVICE_TYPES.includes(r.type));
  const groups = backends
    .flatMap((service) =>
      blocks(service.attributes, "backend").flatMap((b) => referencedResources(scope, service, b.group)),
    )
    .filter((r) => MIG_TYPES.includes(r.type));
  const templates = groups
    .flatMap((group) =>
      blocks(group.attributes, "version").flatMap((v) =>
        referencedResources(scope, group, v.instance_template),
      ),
    )
    .filter((r) => TEMPLATE_TYPES.includes(r.type));
  const served = [...new Map(templates.map((t) => [t.id, t])).values()];
  index.byHost.set(wanted, served);
  return served;
}

/** DNS record sets by the host they name, and templatesServing's answers by host, once per scope. */
const servingIndex = perScope((scope: Scope) => {
  const recordsByName = new Map<string, Resource[]>();
  for (const record of scope.ofType("google_dns_record_set")) {
    const name = literal(scope, record, record.attributes.name);
    if (typeof name !== "string") continue;
    const host = name.toLowerCase().replace(/\.$/, "");
    appendTo(recordsByName, host, record);
  }
  return { recordsByName, byHost: new Map<string, Resource[]>() };
});

/**
 * Copies of a template's data that a scheduled job writes to a backup bucket after reading it from the
 * service the template's instances serve: the job names an `https://<host>` address in its environment whose
 * host those instances serve (templatesServing), and it is one of the bucket's writers (bucketWriters). Such
 * a copy is an application-level snapshot (e.g. Vault's raft snapshot API), not a disk image.
 */
export function servicePaths(scope: Scope, template: Resource): BackupPath[] {
  if (!TEMPLATE_TYPES.includes(template.type)) return [];
  return servicePathsByTemplate(scope).get(template.id) ?? [];
}

/** Every writer's service paths, by the template credited: the first of its URLs that template serves. */
const servicePathsByTemplate = perScope((scope: Scope) => {
  const byTemplate = new Map<string, BackupPath[]>();
  for (const bucket of backupBuckets(scope)) {
    for (const writer of bucketWriters(scope, bucket).writers) {
      if (writer.run.paused === true) continue;
      const urls = jobEnv(writer.run.job)
        .map(({ value }) => literal(scope, writer.run.job, value))
        .filter((v): v is string => typeof v === "string" && /^https:\/\/[^/:]+/.test(v));
      const credited = new Set<string>();
      for (const url of urls) {
        for (const template of templatesServing(scope, /^https:\/\/([^/:]+)/.exec(url)![1])) {
          if (credited.has(template.id)) continue;
          credited.add(template.id);
          const path = bucketPath(scope, writer, bucket, "scheduled snapshot job", url);
          appendTo(byTemplate, template.id, path);
        }
      }
    }
  }
  return byTemplate;
});

/** The region a store's own data is in: a schedule's region (disks must share it), an instance's region. */
export function storeRegion(scope: Scope, resource: Resource): string | Unknown | undefined {
  if (resource.type === "google_compute_disk") {
    const zone = literal(scope, resource, resource.attributes.zone);
    if (isUnknown(zone)) return zone;
    return typeof zone === "string" ? regionOfZone(zone) : undefined;
  }
  return locationOf(scope, resource, resource.attributes.region);
}

// ---------------------------------------------------------------------------------------------------------
// Schedules.

const CRON_FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
];

function cronField(text: string, { min, max }: { min: number; max: number }): Set<number> | undefined {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    const step = match[4] ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/**
 * The longest stretch, in days, between two days a five-field cron schedule fires (unix cron, as Cloud
 * Scheduler reads it: when both day-of-month and day-of-week are restricted, either matches). Infinity when it
 * never fires; undefined when the expression is not one this reads (names such as JAN, or `@daily`).
 */
export function longestCronGapDays(schedule: string): number | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const parsed = fields.map((f, i) => cronField(f, CRON_FIELDS[i]));
  if (parsed.some((p) => p === undefined)) return undefined;
  const [, , dom, month, dow] = parsed as Set<number>[];
  if (dow.has(7)) dow.add(0);
  // Unix cron: a day field starting with `*` leaves the other to decide; two restricted day fields are ORed.
  const either = !fields[2].startsWith("*") && !fields[4].startsWith("*");
  const fires: number[] = [];
  // Nine years from a fixed day (no clock): every month length occurs, and leap days three times.
  const start = Date.UTC(2024, 0, 1);
  for (let day = 0; day < 9 * 366; day++) {
    const date = new Date(start + day * SECONDS_PER_DAY * 1000);
    if (!month.has(date.getUTCMonth() + 1)) continue;
    const byDom = dom.has(date.getUTCDate());
    const byDow = dow.has(date.getUTCDay());
    if (either ? byDom || byDow : byDom && byDow) fires.push(day);
  }
  if (fires.length < 2) return Infinity;
  return Math.max(...fires.slice(1).map((day, i) => day - fires[i]));
}
