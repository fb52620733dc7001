import type { Control, Evidence, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { designates, literal } from "../../model/resolve";
import { isSet, presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { iamGrants } from "../../views/iam";
import { backupBuckets, workloadRegions } from "../../views/backup-stores";
import {
  type BucketTransfer,
  bucketRegions,
  copyBuckets,
  secondCopyTransfers,
} from "../../views/backup-copies";

/** Storage Transfer Service's agent: `project-<number>@storage-transfer-service.iam.gserviceaccount.com`. */
const TRANSFER_AGENT = /@storage-transfer-service\.iam\.gserviceaccount\.com$/;

/** Predefined roles that let a member delete or replace objects in a bucket. */
const OBJECT_DELETE_ROLES: readonly string[] = [
  "roles/storage.objectUser",
  "roles/storage.objectAdmin",
  "roles/storage.admin",
  "roles/storage.legacyBucketWriter",
  "roles/storage.legacyBucketOwner",
];

/** A daily copy: Storage Transfer Service repeats every 24 hours when repeat_interval is not set. */
const DAY_SECONDS = 86_400;

const OPTIONS = "transfer_spec.transfer_options";

export const BAK12SecondOffsiteCopy: Control = {
  id: "BAK-12",
  title: "A second offsite copy is a third region's bucket, fed daily and create-only",
  claim:
    "Where a second offsite copy is declared (a bucket labelled purpose=backup-copy, or a transfer job from a " +
    "backup bucket), each copy bucket is a single region apart from both the primary region and the backup " +
    "bucket it copies, and is fed by an enabled daily Storage Transfer Service job from a backup bucket that " +
    "never overwrites, never deletes (in the copy or at the source), gives each copy the copy bucket's key, and " +
    "whose agent may delete nothing in either bucket. Its key, retention and lock are BAK-05's, BAK-02's and " +
    "BAK-03's.",
  severity: "high",
  rationale:
    "A page that promises two offsite locations is kept only by a copy that survives losing the primary and " +
    "the backup region together, that is actually written to, and that the copying itself cannot damage: a " +
    "transfer that overwrites or deletes would replicate a ransomware encryption or a deletion from the first " +
    "bucket into the second, and one that moves objects empties the first.",
  remediation:
    "Put the copy bucket in a region other than the primary and backup regions; declare a " +
    "google_storage_transfer_job whose transfer_spec.gcs_data_source is the backup bucket and gcs_data_sink " +
    "the copy bucket, status ENABLED, a schedule repeating at most every 86400s with no end date, " +
    "transfer_options.overwrite_when = NEVER, delete_objects_from_source_after_transfer, " +
    "delete_objects_unique_in_sink and overwrite_objects_already_existing_in_sink false, and " +
    "metadata_options.kms_key not KMS_KEY_PRESERVE; grant the transfer agent only legacyBucketReader and " +
    "objectViewer on the source, and those and objectCreator on the copy.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "With backups.secondaryRegion, the backup stack's SecondOffsiteCopy declares the second bucket " +
    "(GeoBackupBucket, purpose=backup-copy, refusing the primary and backup regions) and the daily " +
    "google_storage_transfer_job from the backup bucket into it, create-only, with the transfer agent's read " +
    "grants on the source and read and create grants on the copy. Not applicable where neither a copy bucket " +
    "nor a transfer from a backup bucket is declared. That the transfers run and succeed is Google's (declared, " +
    "not run): the stack alerts on failed transfer actions and on no success for 2 days.",
  evaluate: (scope) => {
    const copies = copyBuckets(scope);
    const transfers = secondCopyTransfers(scope);
    if (copies.length === 0 && transfers.length === 0) {
      return [
        projectVerdict(
          "not-applicable",
          `environment ${scope.environment} declares no second offsite copy (no bucket labelled ` +
            "purpose=backup-copy, no transfer job from a backup bucket)",
        ),
      ];
    }
    return [
      ...transfers.map((t) => judgeTransfer(scope, t)),
      ...copies.map((bucket) => judgeCopyBucket(scope, bucket, transfers)),
    ];
  },
};

function judgeTransfer(scope: Scope, transfer: BucketTransfer): Result {
  const { job } = transfer;
  const read = (path: string) => literal(scope, job, get(job.attributes, path));
  const values = {
    status: read("status"),
    overwriteWhen: read(`${OPTIONS}.overwrite_when`),
    overwriteAll: read(`${OPTIONS}.overwrite_objects_already_existing_in_sink`),
    deleteSource: read(`${OPTIONS}.delete_objects_from_source_after_transfer`),
    deleteSink: read(`${OPTIONS}.delete_objects_unique_in_sink`),
    kmsKey: read(`${OPTIONS}.metadata_options.kms_key`),
    repeat: read("schedule.repeat_interval"),
  };
  const schedule = get(job.attributes, "schedule");
  const endDate = get(job.attributes, "schedule.schedule_end_date");
  const found: Evidence[] = [
    evidence("transfer_spec.gcs_data_source.bucket_name", transfer.sourceValue),
    evidence("transfer_spec.gcs_data_sink.bucket_name", transfer.sinkValue),
    evidence("status", values.status),
    evidence(`${OPTIONS}.overwrite_when`, values.overwriteWhen),
    evidence(`${OPTIONS}.overwrite_objects_already_existing_in_sink`, values.overwriteAll),
    evidence(`${OPTIONS}.delete_objects_from_source_after_transfer`, values.deleteSource),
    evidence(`${OPTIONS}.delete_objects_unique_in_sink`, values.deleteSink),
    evidence(`${OPTIONS}.metadata_options.kms_key`, values.kmsKey),
    evidence("schedule.repeat_interval", values.repeat),
    evidence("schedule.schedule_end_date", endDate),
  ];
  const backups = new Set(backupBuckets(scope).map((b) => b.id));
  const copies = new Set(copyBuckets(scope).map((b) => b.id));
  const problems: string[] = [];
  const source = transfer.sources.find((b) => backups.has(b.id));
  const sink = transfer.sinks.find((b) => copies.has(b.id));
  if (!source) problems.push(`copies from ${String(transfer.sourceValue)}, not a declared backup bucket`);
  if (!sink) {
    problems.push(
      `copies into ${String(transfer.sinkValue)}, not a declared second-copy bucket (purpose=backup-copy)`,
    );
  }
  const unknowns = Object.entries(values).filter(([, v]) => isUnknown(v));
  if (unknowns.length > 0) {
    return verdict(
      "unknown",
      job,
      `${unknowns.map(([k]) => k).join(", ")} known only after apply` +
        (problems.length > 0 ? `; and it ${problems.join("; ")}` : ""),
      found,
    );
  }
  const isTrue = (v: unknown) => v === true || v === "true";
  if (isSet(values.status) && values.status !== "ENABLED")
    problems.push(`status is ${String(values.status)}: nothing is copied`);
  if (isTrue(values.deleteSource))
    problems.push("deletes each object from the backup bucket once copied (a move, not a copy)");
  if (isTrue(values.deleteSink))
    problems.push("deletes objects of the copy that the source no longer has: a deletion is replicated");
  if (values.overwriteWhen !== "NEVER") {
    problems.push(
      `overwrite_when is ${values.overwriteWhen === undefined ? "not set (objects that differ are overwritten)" : String(values.overwriteWhen)}: ` +
        "a corrupted or encrypted source would replace good copies",
    );
  } else if (isTrue(values.overwriteAll)) {
    problems.push("overwrite_objects_already_existing_in_sink is true");
  }
  if (values.kmsKey === "KMS_KEY_PRESERVE")
    problems.push("keeps each object's source key (held in the backup region), not the copy bucket's");
  if (!isSet(schedule)) problems.push("no schedule: the job runs once");
  else {
    const seconds = typeof values.repeat === "string" ? Number(values.repeat.replace(/s$/, "")) : DAY_SECONDS;
    if (!Number.isFinite(seconds) || seconds > DAY_SECONDS)
      problems.push(`repeats every ${String(values.repeat)}, less often than daily`);
    if (isSet(endDate)) problems.push("the schedule ends (schedule_end_date): copies stop on that day");
  }
  problems.push(...deletingAgentGrants(scope, [source, sink]));
  if (source && sink) {
    const from = bucketRegions(scope, source);
    const to = bucketRegions(scope, sink);
    found.push(evidence("(source regions)", from), evidence("(copy regions)", to));
    if (isUnknown(from) || isUnknown(to))
      return verdict("unknown", job, "a bucket's region is known only after apply", found);
    const shared = (to ?? []).filter((r) => (from ?? []).includes(r));
    if (shared.length > 0) problems.push(`copies within ${shared.join(", ")}: no second location`);
  }
  if (problems.length > 0) return verdict("fail", job, `transfer job ${problems.join("; ")}`, found);
  return presenceProven(
    verdict(
      "pass",
      job,
      `copies ${source!.address} into ${sink!.address} daily, create-only (never overwrites, never deletes)`,
      found,
    ),
    job,
  );
}

/** Grants on the transfer's buckets that let Storage Transfer Service's agent delete or replace objects. */
function deletingAgentGrants(scope: Scope, buckets: readonly (Resource | undefined)[]): string[] {
  const declared = buckets.filter((b): b is Resource => b !== undefined);
  return iamGrants(scope, ["google_storage_bucket"])
    .filter(
      (g) =>
        typeof g.role === "string" &&
        OBJECT_DELETE_ROLES.includes(g.role) &&
        g.members.some((m) => typeof m === "string" && TRANSFER_AGENT.test(m)) &&
        declared.some((b) => designates(scope, g.resource, g.resource.attributes.bucket, b) === true),
    )
    .map((g) => `its agent holds ${String(g.role)} (${g.resource.address}): it could delete backups`);
}

function judgeCopyBucket(scope: Scope, bucket: Resource, transfers: readonly BucketTransfer[]): Result {
  const backups = backupBuckets(scope);
  const feeding = transfers.filter(
    (t) =>
      t.sinks.some((s) => s.id === bucket.id) && t.sources.some((s) => backups.some((b) => b.id === s.id)),
  );
  const regions = bucketRegions(scope, bucket);
  const primary = workloadRegions(scope);
  const sourceRegions = feeding
    .flatMap((t) => t.sources.filter((s) => backups.some((b) => b.id === s.id)))
    .map((s) => ({ bucket: s, regions: bucketRegions(scope, s) }));
  const found: Evidence[] = [
    evidence("location", bucket.attributes.location),
    evidence(
      "(fed by)",
      feeding.map((t) => t.job.address),
    ),
    evidence("(primary regions)", isUnknown(primary) ? primary : [...primary]),
    evidence(
      "(source bucket regions)",
      sourceRegions.map((s) => ({ bucket: s.bucket.address, regions: s.regions })),
    ),
  ];
  if (feeding.length === 0) {
    return verdict(
      "fail",
      bucket,
      "no transfer job copies a backup bucket into it: a second-copy bucket nobody feeds holds no copy",
      found,
    );
  }
  if (isUnknown(regions) || isUnknown(primary) || sourceRegions.some((s) => isUnknown(s.regions)))
    return verdict("unknown", bucket, "a region is known only after apply", found);
  if (regions === undefined || regions.length === 0)
    return verdict(
      "fail",
      bucket,
      "no single location: it does not name the region it stores data in",
      found,
    );
  const problems: string[] = [];
  const inPrimary = regions.filter((r) => primary.has(r));
  if (inPrimary.length > 0) problems.push(`stored in ${inPrimary.join(", ")}, the primary region`);
  for (const s of sourceRegions) {
    const shared = regions.filter((r) => (s.regions as readonly string[]).includes(r));
    if (shared.length > 0)
      problems.push(
        `stored in ${shared.join(", ")}, where the backup bucket it copies is (${s.bucket.address})`,
      );
  }
  if (problems.length > 0)
    return verdict("fail", bucket, `${problems.join("; ")}: not a second location`, found);
  return presenceProven(
    verdict(
      "pass",
      bucket,
      `stored in ${regions.join(", ")}, apart from the primary region(s) ${[...primary].join(", ")} and the ` +
        `backup bucket's ${[...new Set(sourceRegions.flatMap((s) => s.regions as string[]))].join(", ")}; ` +
        `fed by ${feeding.map((t) => t.job.address).join(", ")}`,
      found,
    ),
    feeding[0].job,
  );
}
