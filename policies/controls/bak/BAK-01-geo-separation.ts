import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get, list } from "../../model/values";
import { bucketDataLocations } from "../../views/cmek";
import { storageLocation } from "../../views/locations";
import { evidence, verdict } from "../../judge/results";
import {
  backupBuckets,
  BACKUP_VAULT,
  judgeStores,
  locationOf,
  snapshotSchedules,
  sqlPrimaries,
  workloadRegions,
} from "../../views/backup-stores";
import { copyBuckets } from "../../views/backup-copies";

export const BAK01GeoSeparation: Control = {
  id: "BAK-01",
  title: "Backups stored outside the primary region",
  claim:
    "The backup bucket (and a second offsite copy's bucket), the backup vault, disk snapshots and Cloud SQL's " +
    "automated backups are stored in a " +
    "region other than the one of the data they protect.",
  severity: "high",
  rationale:
    "A backup in the same region as its source is lost with it in a regional outage, fire or flood; only a " +
    "copy in another region survives the event the backup exists for.",
  remediation:
    "Put the backup bucket and the backup vault in the backup region, set the snapshot schedule's " +
    "snapshot_properties.storage_locations to the backup region, and set the Cloud SQL instance's " +
    "settings.backup_configuration.location to the backup region.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "GeoBackupBucket and BackupVault refuse the primary region; SnapshotSchedule stores snapshots in the " +
    "backup region; PrivatePostgres sets the backup location to the backup region. Backup buckets are the " +
    "buckets labelled purpose=backups (second offsite copies: purpose=backup-copy, whose region BAK-12 also " +
    "keeps apart from the first backup bucket's); the primary regions are those of the environment's subnets and SQL " +
    "instances.",
  evaluate: (scope) => {
    const primary = workloadRegions(scope);
    return judgeStores(
      [
        { resources: backupBuckets(scope), judge: (b) => judgeBucket(scope, b, primary) },
        { resources: copyBuckets(scope), judge: (b) => judgeBucket(scope, b, primary) },
        { resources: scope.ofType(BACKUP_VAULT), judge: (v) => judgeVault(scope, v, primary) },
        { resources: snapshotSchedules(scope), judge: (p) => judgeSchedule(scope, p) },
        { resources: sqlPrimaries(scope), judge: (i) => judgeSqlInstance(scope, i) },
      ],
      {
        status: "fail",
        message: `environment ${scope.environment} declares no backup bucket, vault, snapshot schedule or SQL backup`,
      },
    );
  },
};

type Regions = ReturnType<typeof workloadRegions>;

function judgeBucket(scope: Scope, bucket: Resource, primary: Regions): Result {
  const location = locationOf(scope, bucket, bucket.attributes.location);
  const found = [
    evidence("location", bucket.attributes.location),
    evidence("(primary regions)", describe(primary)),
  ];
  if (isUnknown(location) || isUnknown(primary))
    return verdict("unknown", bucket, "location or primary region known only after apply", found);
  if (location === undefined) return verdict("fail", bucket, "no location", found);
  const kind = storageLocation(location, bucketDataLocations(bucket));
  if (kind.kind === "multi-region" || kind.kind === "unrecognised") {
    return verdict(
      "fail",
      bucket,
      `${location} does not name the regions it stores data in; use a single backup region`,
      found,
    );
  }
  return separated(bucket, kind.regions, primary, found);
}

function judgeVault(scope: Scope, vault: Resource, primary: Regions): Result {
  const location = locationOf(scope, vault, vault.attributes.location);
  const found = [
    evidence("location", vault.attributes.location),
    evidence("(primary regions)", describe(primary)),
  ];
  if (isUnknown(location) || isUnknown(primary))
    return verdict("unknown", vault, "location or primary region known only after apply", found);
  if (location === undefined) return verdict("fail", vault, "no location", found);
  return separated(vault, [location], primary, found);
}

function judgeSchedule(scope: Scope, policy: Resource): Result {
  const region = locationOf(scope, policy, policy.attributes.region);
  const stored = list(policy.attributes, "snapshot_schedule_policy.snapshot_properties.storage_locations");
  const found = [
    evidence("region", policy.attributes.region),
    evidence("snapshot_schedule_policy.snapshot_properties.storage_locations", stored),
  ];
  const locations = stored.map((s) => locationOf(scope, policy, s));
  if (isUnknown(region) || locations.some(isUnknown))
    return verdict("unknown", policy, "region or storage location known only after apply", found);
  if (region === undefined)
    return verdict("unknown", policy, "region is not set: it inherits the provider's default", found);
  if (locations.length === 0) {
    return verdict(
      "fail",
      policy,
      "no storage_locations: snapshots are stored in the location nearest the disk",
      found,
    );
  }
  return separated(policy, locations as string[], new Set([region]), found, "snapshots of disks in");
}

function judgeSqlInstance(scope: Scope, instance: Resource): Result {
  const region = locationOf(scope, instance, instance.attributes.region);
  const path = "settings.backup_configuration.location";
  const backupLocation = locationOf(scope, instance, get(instance.attributes, path));
  const found = [
    evidence("region", instance.attributes.region),
    evidence(path, get(instance.attributes, path)),
  ];
  if (isUnknown(region) || isUnknown(backupLocation))
    return verdict("unknown", instance, "region or backup location known only after apply", found);
  if (region === undefined)
    return verdict("unknown", instance, "region is not set: it inherits the provider's default", found);
  if (backupLocation === undefined) {
    return verdict(
      "fail",
      instance,
      "no backup location: Cloud SQL stores backups in the multi-region nearest the instance",
      found,
    );
  }
  return separated(instance, [backupLocation], new Set([region]), found, "backups of an instance in");
}

function separated(
  resource: Resource,
  stored: readonly string[],
  primary: Set<string>,
  found: ReturnType<typeof evidence>[],
  what = "backups of workloads in",
): Result {
  const clash = stored.find((region) => primary.has(region));
  if (clash)
    return verdict(
      "fail",
      resource,
      `stored in ${clash}, the primary region: ${what} ${clash} share its fate`,
      found,
    );
  if (primary.size === 0) {
    return verdict(
      "unknown",
      resource,
      "the environment declares no subnet or SQL instance, so its primary region is unknown",
      found,
    );
  }
  return verdict(
    "pass",
    resource,
    `stored in ${stored.join(", ")}, apart from ${[...primary].join(", ")}`,
    found,
  );
}

function describe(primary: Regions): unknown {
  return isUnknown(primary) ? primary : [...primary];
}
