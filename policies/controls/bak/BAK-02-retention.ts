import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { SECONDS_PER_DAY } from "../../../lib/duration";
import { backupBuckets, judgeStores, snapshotSchedules, sqlPrimaries } from "../../views/backup-stores";
import { copyBuckets } from "../../views/backup-copies";

/** The published retention claim, in days. */
const CLAIMED_RETENTION_DAYS = 30;

/** Lifecycle conditions that narrow a Delete rule to some objects only. */
const NARROWING_CONDITIONS = [
  "matches_prefix",
  "matches_suffix",
  "matches_storage_class",
  "created_before",
  "custom_time_before",
  "days_since_custom_time",
  "days_since_noncurrent_time",
  "noncurrent_time_before",
  "num_newer_versions",
];

export const BAK02Retention: Control = {
  id: "BAK-02",
  title: "Backups kept 30 days, then deleted",
  claim:
    "The backup bucket's objects (and a second offsite copy's), disk snapshots and Cloud SQL's automated " +
    "backups are kept at least 30 days, " +
    "and deleted when their retention period ends.",
  severity: "high",
  rationale:
    "Ransomware and silent corruption are often found weeks later: a backup younger than the incident is " +
    "worthless. Deleting backups when the period ends keeps the promise to data subjects and bounds cost.",
  remediation:
    "Backup bucket: a retention_policy of at least 2592000 seconds and a lifecycle Delete rule at that age. " +
    "Snapshot schedule: retention_policy.max_retention_days of at least 30. Cloud SQL: automated backups with " +
    "backup_retention_settings.retained_backups of at least 30 (one backup a day).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "GeoBackupBucket sets a retention policy and a Delete rule at the configured days; SnapshotSchedule sets " +
    "max_retention_days; PrivatePostgres keeps retainedBackups daily backups. backups.retentionDays (30 or " +
    "more, enforced by the configuration schema) drives all three.",
  evaluate: (scope) =>
    judgeStores(
      [
        { resources: backupBuckets(scope), judge: (b) => judgeBucket(scope, b) },
        { resources: copyBuckets(scope), judge: (b) => judgeBucket(scope, b) },
        { resources: snapshotSchedules(scope), judge: (p) => judgeSchedule(scope, p) },
        { resources: sqlPrimaries(scope), judge: (i) => judgeSqlInstance(scope, i) },
      ],
      {
        status: "fail",
        message: `environment ${scope.environment} declares no backup bucket, snapshot schedule or SQL backup`,
      },
    ),
};

function judgeBucket(scope: Scope, bucket: Resource): Result {
  const period = literal(scope, bucket, get(bucket.attributes, "retention_policy.retention_period"));
  const rules = blocks(bucket.attributes, "lifecycle_rule");
  const found = [evidence("retention_policy.retention_period", period), evidence("lifecycle_rule", rules)];
  if (isUnknown(period) || isUnknown(get(bucket.attributes, "lifecycle_rule"))) {
    return verdict("unknown", bucket, "retention period or lifecycle rules known only after apply", found);
  }
  if (!isSet(period))
    return verdict("fail", bucket, "no retention policy: any backup can be deleted at once", found);
  const days = Number(period) / SECONDS_PER_DAY;
  if (!(days >= CLAIMED_RETENTION_DAYS)) {
    return verdict(
      "fail",
      bucket,
      `retention period is ${days} days, under ${CLAIMED_RETENTION_DAYS}`,
      found,
    );
  }
  const ages = rules.filter(isWholeBucketDelete).map((rule) => get(rule, "condition.age"));
  if (ages.some(isUnknown))
    return verdict("unknown", bucket, "lifecycle rule age known only after apply", found);
  const deleteAge = (ages as unknown[]).map(Number).filter((age) => age >= days);
  if (deleteAge.length === 0) {
    return verdict(
      "fail",
      bucket,
      `no lifecycle Delete rule for every object at age ${days} days or more: backups are never deleted`,
      found,
    );
  }
  return verdict("pass", bucket, `kept ${days} days, deleted at age ${Math.min(...deleteAge)} days`, found);
}

function isWholeBucketDelete(rule: Record<string, unknown>): boolean {
  if (get(rule, "action.type") !== "Delete") return false;
  const condition = get(rule, "condition");
  return NARROWING_CONDITIONS.every((key) => {
    const value = get(condition, key);
    return !isSet(value) || value === 0 || value === false;
  });
}

function judgeSchedule(scope: Scope, policy: Resource): Result {
  const path = "snapshot_schedule_policy.retention_policy.max_retention_days";
  const days = literal(scope, policy, get(policy.attributes, path));
  const found = [evidence(path, days)];
  if (isUnknown(days)) return verdict("unknown", policy, "snapshot retention known only after apply", found);
  if (!isSet(days))
    return verdict("fail", policy, "no retention policy: snapshots are kept until deleted by hand", found);
  if (!(Number(days) >= CLAIMED_RETENTION_DAYS)) {
    return verdict("fail", policy, `snapshots kept ${days} days, under ${CLAIMED_RETENTION_DAYS}`, found);
  }
  return verdict("pass", policy, `snapshots kept ${days} days, then deleted`, found);
}

function judgeSqlInstance(scope: Scope, instance: Resource): Result {
  const base = "settings.backup_configuration";
  const enabled = literal(scope, instance, get(instance.attributes, `${base}.enabled`));
  const count = literal(
    scope,
    instance,
    get(instance.attributes, `${base}.backup_retention_settings.retained_backups`),
  );
  const unit = literal(
    scope,
    instance,
    get(instance.attributes, `${base}.backup_retention_settings.retention_unit`),
  );
  const found = [
    evidence(`${base}.enabled`, enabled),
    evidence(`${base}.backup_retention_settings.retained_backups`, count),
    evidence(`${base}.backup_retention_settings.retention_unit`, unit),
  ];
  if ([enabled, count, unit].some(isUnknown))
    return verdict("unknown", instance, "backup settings known only after apply", found);
  if (enabled !== true && enabled !== "true")
    return verdict("fail", instance, "automated backups are off", found);
  if (isSet(unit) && unit !== "COUNT")
    return verdict("fail", instance, `retention_unit ${String(unit)} is not a count of daily backups`, found);
  // Cloud SQL keeps 7 automated backups when retained_backups is not set.
  const kept = isSet(count) ? Number(count) : 7;
  if (!(kept >= CLAIMED_RETENTION_DAYS)) {
    return verdict(
      "fail",
      instance,
      `keeps ${kept} daily backups, under ${CLAIMED_RETENTION_DAYS} days`,
      found,
    );
  }
  return verdict(
    "pass",
    instance,
    `keeps ${kept} daily backups, the oldest deleted as each new one is taken`,
    found,
  );
}
