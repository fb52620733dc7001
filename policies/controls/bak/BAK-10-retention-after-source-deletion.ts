import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { judgeStores, snapshotSchedules, sqlPrimaries } from "../../views/backup-stores";

export const BAK10RetentionAfterSourceDeletion: Control = {
  id: "BAK-10",
  title: "Backups outlive their source, for their retention period only",
  claim:
    "Deleting a disk or a Cloud SQL instance neither deletes its backups at once nor keeps them forever: " +
    "snapshots keep following their schedule's retention, and Cloud SQL keeps the instance's backups after it " +
    "is deleted.",
  severity: "medium",
  rationale:
    "Deleting the source is exactly when its backups matter most (an accident, or an attacker removing data " +
    "and its copies). Google's defaults differ by service: snapshot schedules keep a deleted disk's snapshots " +
    "forever (KEEP_AUTO_SNAPSHOTS), against the 30-day retention promise, while Cloud SQL deletes an instance's " +
    "automated backups with it unless they are retained.",
  remediation:
    "Set snapshot_schedule_policy.retention_policy.on_source_disk_delete = APPLY_RETENTION_POLICY on snapshot " +
    "schedules, and settings.retain_backups_on_delete = true on Cloud SQL instances.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "SnapshotSchedule sets APPLY_RETENTION_POLICY; PrivatePostgres sets retain_backups_on_delete. Objects in " +
    "the backup bucket and backups in the vault do not depend on their source: their retention applies anyway.",
  evaluate: (scope) =>
    judgeStores(
      [
        { resources: snapshotSchedules(scope), judge: (p) => judgeSchedule(scope, p) },
        { resources: sqlPrimaries(scope), judge: (i) => judgeInstance(scope, i) },
      ],
      {
        status: "not-applicable",
        message: `environment ${scope.environment} declares no snapshot schedule or SQL instance`,
      },
    ),
};

function judgeSchedule(scope: Scope, policy: Resource): Result {
  const path = "snapshot_schedule_policy.retention_policy.on_source_disk_delete";
  const value = literal(scope, policy, get(policy.attributes, path));
  const found = [evidence(path, value)];
  if (isUnknown(value))
    return verdict("unknown", policy, "behaviour on disk deletion known only after apply", found);
  if (value === "APPLY_RETENTION_POLICY")
    return verdict("pass", policy, "a deleted disk's snapshots are kept until their retention ends", found);
  return verdict(
    "fail",
    policy,
    `${value === undefined || value === null ? "not set (KEEP_AUTO_SNAPSHOTS)" : String(value)}: a deleted ` +
      "disk's snapshots are kept forever, beyond the retention period",
    found,
  );
}

function judgeInstance(scope: Scope, instance: Resource): Result {
  const path = "settings.retain_backups_on_delete";
  const value = literal(scope, instance, get(instance.attributes, path));
  const found = [evidence(path, value)];
  if (isUnknown(value))
    return verdict("unknown", instance, "backup retention on deletion known only after apply", found);
  return value === true || value === "true"
    ? verdict("pass", instance, "its backups are kept after the instance is deleted", found)
    : verdict("fail", instance, "deleting the instance deletes its automated backups with it", found);
}
