import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { type BackupPath, pathEvidence } from "../../views/backup-stores";
import { storeCopies } from "../../views/store-copies";

export const BAK08CopyKeysInCopyRegion: Control = {
  id: "BAK-08",
  title: "Each backup copy's key is held where the copy is",
  claim:
    "Each off-region backup copy is encrypted with a customer-managed key held in the copy's own region, so it " +
    "stays readable when the source region, or its Cloud KMS, is lost. Where the service fixes the key (disk " +
    "snapshots, Cloud SQL automated backups keep their source's key) the verdict is unknown, never pass.",
  severity: "medium",
  rationale:
    "A geo-separated copy whose key lives in the primary region shares the primary region's fate: the outage " +
    "that makes the copy necessary can also make it unreadable. Compute Engine snapshot schedules cannot name a " +
    "key, and Cloud SQL encrypts its backups with the instance's key, which must be in the instance's region; " +
    "those copies are reported as the limit they are, and a copy whose key can be chosen (the scheduled export " +
    "into the backup bucket) is what restores from the backup region alone.",
  remediation:
    "Encrypt the backup bucket with a key in the bucket's region (the kms stack's backups key in the backup " +
    "region). For snapshots and Cloud SQL backups no setting exists: keep an export of the same data in the " +
    "backup bucket (the data stack's scheduled export, the backup stack's Vault raft snapshot job).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "One verdict per store and path (subject: the path). Scheduled exports and the Vault raft snapshot job " +
    "land in the backup bucket, whose " +
    'default key is kms.key("backups", "backup"), in the backup region: pass. Snapshots keep the disk key and ' +
    "Cloud SQL backups the instance key, both in the primary region: unknown, with the limit named. A second " +
    "offsite copy (Storage Transfer Service into the second bucket) takes that bucket's default key, " +
    'kms.key("backups", "secondary") in the secondary region: pass. Medium ' +
    "severity: the unknowns are listed in every report but do not fail the check (default threshold high).",
  evaluate: (scope) => {
    const results = storeCopies(scope).flatMap((copies) =>
      copies.paths.map((path) => judgePath(copies.store, copies.what, path)),
    );
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "not-applicable",
            `environment ${scope.environment} declares no backup copy of a store`,
          ),
        ];
  },
};

function judgePath(store: Resource, what: string, path: BackupPath): Result {
  const found = [pathEvidence(path), evidence("(key region)", path.keyRegion)];
  const subject = `${path.kind}: ${path.via}`;
  const result = (status: Result["status"], message: string): Result => ({
    ...verdict(status, store, `${what}, ${path.kind} (${path.via}): ${message}`, found),
    subject,
  });
  if (isUnknown(path.keyRegion) || isUnknown(path.regions))
    return result("unknown", "the key's or the copy's region is known only after apply");
  if (path.keyRegion === "google-managed")
    return result("fail", "encrypted with a Google-managed key, not a customer-managed one");
  if (path.regions.length === 0) return result("unknown", "the copy names no region");
  const elsewhere = path.regions.filter((region) => region !== path.keyRegion);
  if (elsewhere.length === 0)
    return result("pass", `encrypted with a key in ${path.keyRegion}, where the copy is stored`);
  if (path.keyFixedBySource) {
    return result(
      "unknown",
      `limit: the copy in ${elsewhere.join(", ")} keeps its source's key, held in ${path.keyRegion}; ` +
        "the service offers no way to name another key, so this copy is readable only while that key is",
    );
  }
  return result(
    "fail",
    `the copy in ${elsewhere.join(", ")} is encrypted with a key held in ${path.keyRegion}`,
  );
}
