import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { get } from "../model/values";
import { isSet } from "../judge/presence";
import { literal } from "../model/resolve";
import { projectVerdict } from "../judge/results";
import type { Result } from "../control";
import { BACKUP_PURPOSE_LABEL } from "../../shared/labels";

export const SNAPSHOT_POLICY = "google_compute_resource_policy";
export const SQL_INSTANCE = "google_sql_database_instance";
export const BACKUP_VAULT = "google_backup_dr_backup_vault";

/** Buckets labelled `purpose=backups`. */
export function backupBuckets(scope: Scope): Resource[] {
  return scope
    .ofType("google_storage_bucket")
    .filter(
      (bucket) =>
        literal(scope, bucket, get(bucket.attributes, `labels.${BACKUP_PURPOSE_LABEL.key}`)) ===
        BACKUP_PURPOSE_LABEL.value,
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
  kinds: readonly { resources: Resource[]; judge: (r: Resource) => Result }[],
  none: { status: Result["status"]; message: string },
): Result[] {
  const results = kinds.flatMap((kind) => kind.resources.map(kind.judge));
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
