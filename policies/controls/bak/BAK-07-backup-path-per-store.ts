import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { BACKUP_EVIDENCE, type BackupPath, pathEvidence } from "../../views/backup-stores";
import { storeCopies } from "../../views/store-copies";

export const BAK07BackupPathPerStore: Control = {
  id: "BAK-07",
  title: "Every stateful store has a backup path out of its region",
  claim:
    "Every disk that holds data and every Cloud SQL instance is copied to a region other than its own, by a " +
    "declared mechanism (snapshot schedule, automated backups, scheduled export, scheduled snapshot job, " +
    "scheduled host archive); its " +
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
    "The Wazuh manager's daily archive (a systemd timer declared in the VM's metadata, writing as the Wazuh " +
    "writer; BAK-09 proves each link) is a path of the data disk attached to that VM. Provider 6.50 cannot put the " +
    "baseline's CMEK disks into the Backup and DR vault (no encryption_config), so no store has a vault path yet.",
  evaluate: (scope) => {
    const results = storeCopies(scope).map((copies) => {
      if (copies.disk?.kind === "undeclared") {
        return verdict(
          "unknown",
          copies.store,
          `${copies.what} is not declared here: its backups cannot be verified`,
          copies.disk.found,
        );
      }
      const result = judgeStore(copies.store, copies.what, copies.paths, copies.region);
      // A path that rests on an attachment Terraform may not create proves nothing on its own.
      return copies.conditionalOn ? presenceProven(result, copies.conditionalOn) : result;
    });
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

function judgeStore(store: Resource, what: string, paths: readonly BackupPath[], region: unknown): Result {
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
