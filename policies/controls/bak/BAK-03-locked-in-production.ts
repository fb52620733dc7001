import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { environmentTier } from "../../views/production";
import { literal } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { backupBuckets } from "../../views/backup-stores";

export const BAK03LockedInProduction: Control = {
  id: "BAK-03",
  title: "Backup retention locked in production",
  claim: "Production backups cannot be deleted or shortened before their retention period ends, by anyone.",
  severity: "high",
  rationale:
    "An unlocked retention policy can be removed by any administrator, or by an attacker holding an " +
    "administrator's credentials, and the backups deleted with it. A locked policy (Bucket Lock) cannot be " +
    "removed or shortened, not even by the project owner.",
  remediation:
    "Set backups.lock: true for the production environment in baseline.yaml (retention_policy.is_locked = " +
    "true). Locking is irreversible: the bucket can then only be deleted once every object has aged out.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "GeoBackupBucket sets retention_policy.is_locked from backups.lock, which the default configuration sets " +
    "for prod. Production is what environments.<name>.production says, carried by the environment-tier label.",
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
    if (buckets.length === 0) {
      return [
        projectVerdict("fail", `production environment ${scope.environment} declares no backup bucket`),
      ];
    }
    return buckets.map((bucket) => {
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
    });
  },
};
