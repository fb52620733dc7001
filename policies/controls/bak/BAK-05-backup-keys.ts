import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { keyLocation, keyReference } from "../../views/kms";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { backupBuckets, locationOf } from "../../views/backup-stores";
import { copyBuckets } from "../../views/backup-copies";

export const BAK05BackupKeys: Control = {
  id: "BAK-05",
  title: "Backup buckets encrypted with a key in their region",
  claim:
    "The backup bucket, and a second offsite copy's bucket, are each encrypted with a customer-managed key held " +
    "in the bucket's own region (BAK-08 judges " +
    "the key of every other copy).",
  severity: "high",
  rationale:
    "A backup is only restorable while its key is usable: a key kept in the primary region would make the " +
    "geo-separated copy unreadable in the very outage it exists for. Cloud Storage also requires the key to be " +
    "in the bucket's location.",
  remediation:
    "Set the backup bucket's encryption.default_kms_key_name to a key whose key ring is in the bucket's " +
    "location (the kms stack's backups key in the backup region).",
  references: { cis: [], checkov: [], trivy: ["AVD-GCP-0066"] },
  implementation:
    'The backup stack encrypts the backup bucket with kms.key("backups", "backup"), whose key ring is in ' +
    'the backup region; a second offsite copy\'s bucket with kms.key("backups", "secondary"), in the secondary ' +
    "region. Disk snapshots and Cloud SQL backups stay encrypted with their source's key.",
  evaluate: (scope) => {
    const buckets = [...backupBuckets(scope), ...copyBuckets(scope)];
    if (buckets.length === 0) {
      return [projectVerdict("not-applicable", `environment ${scope.environment} declares no backup bucket`)];
    }
    return buckets.map((bucket) => {
      const path = "encryption.default_kms_key_name";
      const ref = keyReference(scope, bucket, get(bucket.attributes, path));
      const bucketLocation = locationOf(scope, bucket, bucket.attributes.location);
      const found = [
        evidence(path, get(bucket.attributes, path)),
        evidence("location", bucket.attributes.location),
      ];
      if (ref.kind === "none")
        return verdict("fail", bucket, "no customer-managed key: encrypted with a Google-managed key", found);
      if (ref.kind === "unknown") return verdict("unknown", bucket, ref.reason, found);
      const keyAt = keyLocation(scope, ref);
      found.push(evidence("(key location)", keyAt));
      if (isUnknown(keyAt) || isUnknown(bucketLocation)) {
        return verdict("unknown", bucket, "key or bucket location known only after apply", found);
      }
      return keyAt === bucketLocation
        ? verdict("pass", bucket, `encrypted with a key in ${keyAt}, the bucket's region`, found)
        : verdict("fail", bucket, `key is in ${keyAt}, the bucket in ${String(bucketLocation)}`, found);
    });
  },
};
