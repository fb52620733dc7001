import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import {
  BACKUP_EVIDENCE,
  type BackupPath,
  type StatefulDisk,
  locationOf,
  pathEvidence,
  scheduleResolver,
  servicePaths,
  snapshotPath,
  sqlPaths,
  sqlPrimaries,
  statefulDisks,
  storeRegion,
} from "../../views/backup-stores";
import { withOnwardCopies } from "../../views/backup-copies";

export const BAK07BackupPathPerStore: Control = {
  id: "BAK-07",
  title: "Every stateful store has a backup path out of its region",
  claim:
    "Every disk that holds data and every Cloud SQL instance is copied to a region other than its own, by a " +
    "declared mechanism (snapshot schedule, automated backups, scheduled export, scheduled snapshot job); its " +
    "evidence names each path with its region, key region, retention and lock.",
  severity: "high",
  rationale:
    "A store without a copy outside its region is lost with the region. Judging per store, rather than per " +
    "backup resource, catches the store no backup reaches; and listing each path's region, key, retention and " +
    "lock shows what a restore could rely on after a regional outage or a malicious administrator.",
  remediation:
    "Give the disk a snapshot schedule whose snapshot_properties.storage_locations is the backup region; give " +
    "the Cloud SQL instance settings.backup_configuration.location in the backup region, or a scheduled export " +
    "into the backup bucket.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "SnapshotSchedule stores snapshots in the backup region; PrivatePostgres stores automated backups there; " +
    "ScheduledSqlExport (Cloud Scheduler -> Cloud Run job -> gcloud sql export) writes a daily export to the " +
    "backup bucket. VaultSnapshotJob (Cloud Scheduler -> Cloud Run job -> Vault's raft snapshot API) writes " +
    "Vault raft snapshots to the backup bucket: it counts as a path of the Vault template's data disk because " +
    "the job names https://<host> and that host's DNS record leads, by references, to the load balancer, " +
    "instance group and template of the Vault nodes (a template with several data disks would credit each). " +
    "A second offsite copy (backups.secondaryRegion) is a further path of every copy that lands in the backup " +
    "bucket: the Storage Transfer Service job copying that bucket into a second bucket, with that bucket's " +
    "region, key, retention and lock (BAK-12 judges the job). " +
    "Wazuh archives are not a path here: no job writes as the Wazuh writer yet. Provider 6.50 cannot put the " +
    "baseline's CMEK disks into the Backup and DR vault (no encryption_config), so no store has a vault path yet.",
  evaluate: (scope) => {
    const scheduleOf = scheduleResolver(scope);
    const results = [
      ...statefulDisks(scope).map((disk) => judgeDisk(scope, scheduleOf, disk)),
      ...sqlPrimaries(scope).map((instance) =>
        judgeStore(scope, instance, "Cloud SQL instance", withOnwardCopies(scope, sqlPaths(scope, instance))),
      ),
    ];
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "not-applicable",
            `environment ${scope.environment} declares no stateful disk or SQL instance`,
          ),
        ];
  },
};

function judgeDisk(
  scope: Scope,
  scheduleOf: (from: Resource, value: unknown) => Resource | undefined,
  disk: StatefulDisk,
): Result {
  if (disk.kind === "undeclared") {
    return verdict(
      "unknown",
      disk.owner,
      `${disk.what} is not declared here: its backups cannot be verified`,
      disk.found,
    );
  }
  const schedules = (values: readonly unknown[]) =>
    values.filter((v) => !isUnknown(v)).flatMap((value) => scheduleOf(disk.owner, value) ?? []);
  const sure = schedules(disk.policies);
  const maybe = schedules(disk.maybeAttachments.map((a) => a.attributes.name));
  const paths = withOnwardCopies(scope, [
    ...[...sure, ...maybe].map((schedule) => snapshotPath(scope, disk, schedule)),
    // A template's data disk is also copied by a scheduled job that reads the service its instances serve.
    ...(disk.kind === "inline" ? servicePaths(scope, disk.owner) : []),
  ]);
  // A template's disks live where its instances run; a schedule can only be attached in the disk's region.
  const schedule = sure[0] ?? maybe[0];
  const region =
    disk.kind === "standalone" || !schedule
      ? storeRegion(scope, disk.owner)
      : locationOf(scope, schedule, schedule.attributes.region);
  const result = judgeStore(scope, disk.owner, disk.what, paths, region);
  // A path that rests on an attachment Terraform may not create proves nothing on its own.
  return sure.length === 0 && maybe.length > 0 ? presenceProven(result, disk.maybeAttachments[0]) : result;
}

function judgeStore(
  scope: Scope,
  store: Resource,
  what: string,
  paths: BackupPath[],
  region: unknown = storeRegion(scope, store),
): Result {
  const found = [evidence(BACKUP_EVIDENCE.storeRegion, region), ...paths.map(pathEvidence)];
  if (paths.length === 0)
    return verdict("fail", store, `${what} has no backup path: nothing copies its data`, found);
  if (isUnknown(region) || typeof region !== "string") {
    return verdict(
      "unknown",
      store,
      `${what}: its region is not known here, so separation cannot be judged`,
      found,
    );
  }
  const own = region.toLowerCase();
  const away = paths.filter((p) => !isUnknown(p.regions) && p.regions.length > 0 && !p.regions.includes(own));
  if (away.length > 0) {
    const best = away[0];
    return presenceProven(
      verdict(
        "pass",
        store,
        `${what} in ${own} is copied to ${(best.regions as string[]).join(", ")} by ${best.via}` +
          (away.length < paths.length
            ? ` (${paths.length - away.length} other path(s) stay in or near ${own})`
            : ""),
        found,
      ),
      best.proof,
    );
  }
  if (paths.some((p) => isUnknown(p.regions)))
    return verdict("unknown", store, `${what}: where its copies are stored is known only after apply`, found);
  return verdict(
    "fail",
    store,
    `${what} in ${own} has no copy outside ${own}: ${paths.map((p) => p.kind).join(", ")} stay there or name no region`,
    found,
  );
}
