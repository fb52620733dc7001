import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { environmentTier } from "../../views/production";
import { literal } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { BACKUP_VAULT, backupBuckets, unlessEmptyVault } from "../../views/backup-stores";
import { copyBuckets } from "../../views/backup-copies";

/** RFC 3339 in UTC, as the Backup and DR API writes `effective_time`. */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const BAK03LockedInProduction: Control = {
  id: "BAK-03",
  title: "Backup bucket and backup vault locked in production",
  claim:
    "In production, nobody can remove or shorten the retention of the backup bucket, or of a second offsite " +
    "copy's bucket (Bucket Lock) or, from its " +
    "lock time, lower the backup vault's enforced retention. Disk snapshots and Cloud SQL's automated backups " +
    "are not locked: the locked copies are the bucket's objects and the vault's backups.",
  severity: "high",
  rationale:
    "An unlocked retention policy can be removed by any administrator, or by an attacker holding an " +
    "administrator's credentials, and the backups deleted with it. A locked bucket policy (Bucket Lock) cannot " +
    "be removed or shortened, not even by the project owner; a backup vault whose effective time has passed " +
    "refuses to lower or remove its enforced retention.",
  remediation:
    "Set backups.lock: true and backups.vaultLockTime for the production environment in baseline.yaml " +
    "(retention_policy.is_locked = true on the backup bucket, effective_time on the backup vault). Both locks " +
    "are irreversible: the bucket can then only be deleted once every object has aged out.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "GeoBackupBucket sets retention_policy.is_locked and BackupVault sets effective_time from backups.lock and " +
    "backups.vaultLockTime, which the default configuration sets for prod. Production is what " +
    "environments.<name>.production says, carried by the environment-tier label. The checker has no clock: a " +
    "vault passes once its lock time is set, and is locked from that time on (the lock time is in the evidence; " +
    "Google requires it in the future when set, so no date can be called too late here). A vault nothing backs up " +
    "into (no google_backup_dr_backup_plan names it) is not applicable: the baseline's vault is one, since " +
    "provider 6.50 cannot back up its CMEK disks into it.",
  evaluate: (scope) => {
    const tier = environmentTier(scope);
    if (!tier.production) {
      return [
        projectVerdict(
          "not-applicable",
          `environment ${scope.environment} is not production (${tier.because})`,
        ),
      ];
    }
    const buckets = backupBuckets(scope);
    const vaults = scope.ofType(BACKUP_VAULT);
    const missing =
      buckets.length === 0
        ? [projectVerdict("fail", `production environment ${scope.environment} declares no backup bucket`)]
        : [];
    return [
      ...missing,
      ...[...buckets, ...copyBuckets(scope)].map((bucket) => judgeBucket(scope, bucket)),
      ...vaults.map((vault) => unlessEmptyVault(scope, vault, judgeVault(scope, vault))),
    ];
  },
};

function judgeBucket(scope: Scope, bucket: Resource): Result {
  const path = "retention_policy.is_locked";
  const locked = literal(scope, bucket, get(bucket.attributes, path));
  const found = [evidence(path, locked)];
  if (isUnknown(locked)) return verdict("unknown", bucket, "lock known only after apply", found);
  return locked === true || locked === "true"
    ? verdict("pass", bucket, "retention policy is locked", found)
    : verdict(
        "fail",
        bucket,
        "retention policy is not locked: an administrator can remove it and delete backups",
        found,
      );
}

function judgeVault(scope: Scope, vault: Resource): Result {
  const time = literal(scope, vault, vault.attributes.effective_time);
  const found = [evidence("effective_time", time)];
  if (isUnknown(time)) return verdict("unknown", vault, "lock time known only after apply", found);
  if (typeof time !== "string" || time === "") {
    return verdict(
      "fail",
      vault,
      "no effective_time: the enforced retention never locks, so an administrator can lower or remove it",
      found,
    );
  }
  if (!UTC_TIME.test(time))
    return verdict("fail", vault, `effective_time ${time} is not an RFC 3339 UTC time`, found);
  return verdict(
    "pass",
    vault,
    `enforced retention locks at ${time}: from then on nobody can lower or remove it`,
    found,
  );
}
