import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { get } from "../model/values";
import { designationIndex, literal } from "../model/resolve";
import { perScope } from "../model/per-scope";
import { isSet } from "../judge/presence";
import { BACKUP_PURPOSE_LABEL } from "../../shared/labels";
import { SECONDS_PER_DAY } from "../../lib/duration";
import { bucketDataLocations } from "./cmek";
import { storageLocation } from "./locations";
import { type BackupPath, backupBuckets, keyRegionOf, locationOf } from "./backup-stores";
import { appendTo } from "../../lib/multimap";

/**
 * The `purpose` label value of a second offsite copy's bucket (the builder's SecondOffsiteCopy writes it;
 * restated here, as requirements are, so that a renamed label shows up as a missing copy bucket).
 */
export const SECOND_COPY_PURPOSE = "backup-copy";
export const TRANSFER_JOB = "google_storage_transfer_job";

/** The kind of path a second offsite copy is, in BAK-07's evidence and the matrix. */
export const SECOND_COPY_KIND = "second offsite copy";

/** Buckets labelled `purpose=backup-copy`: second offsite copies of a backup bucket. */
export function copyBuckets(scope: Scope): Resource[] {
  return scope
    .ofType("google_storage_bucket")
    .filter(
      (bucket) =>
        literal(scope, bucket, get(bucket.attributes, `labels.${BACKUP_PURPOSE_LABEL.key}`)) ===
        SECOND_COPY_PURPOSE,
    );
}

/** A Storage Transfer Service job between Cloud Storage buckets, with the declared buckets it names. */
export interface BucketTransfer {
  readonly job: Resource;
  readonly sourceValue: unknown;
  readonly sinkValue: unknown;
  /** Declared buckets the source / sink designates (empty: a bucket this configuration does not declare). */
  readonly sources: readonly Resource[];
  readonly sinks: readonly Resource[];
}

const SOURCE = "transfer_spec.gcs_data_source.bucket_name";
const SINK = "transfer_spec.gcs_data_sink.bucket_name";

/** Every transfer job whose source or sink is a Cloud Storage bucket. */
export const bucketTransfers = perScope((scope: Scope): readonly BucketTransfer[] => {
  const jobs = scope
    .ofType(TRANSFER_JOB)
    .filter((job) => isSet(get(job.attributes, SOURCE)) || isSet(get(job.attributes, SINK)));
  // Which buckets each job's source and sink designate, asked once per bucket rather than once per pair.
  const designated = (path: string) => {
    const index = designationIndex(scope, jobs, (job) => {
      const value = get(job.attributes, path);
      return isSet(value) ? [{ from: job, value }] : [];
    });
    const byJob = new Map<Resource, Resource[]>();
    for (const bucket of scope.ofType("google_storage_bucket")) {
      for (const job of index.designating(bucket)) appendTo(byJob, job, bucket);
    }
    return byJob;
  };
  const sources = designated(SOURCE);
  const sinks = designated(SINK);
  return jobs.map((job) => ({
    job,
    sourceValue: get(job.attributes, SOURCE),
    sinkValue: get(job.attributes, SINK),
    sources: sources.get(job) ?? [],
    sinks: sinks.get(job) ?? [],
  }));
});

/** The transfers out of each bucket, by the bucket's id. */
const transfersFrom = perScope((scope: Scope) => {
  const byBucket = new Map<string, BucketTransfer[]>();
  for (const transfer of bucketTransfers(scope)) {
    for (const source of transfer.sources) {
      appendTo(byBucket, source.id, transfer);
    }
  }
  return byBucket;
});

/**
 * The transfers that concern second offsite copies: those that copy from a backup bucket or into a
 * second-copy bucket (whatever else they name).
 */
export function secondCopyTransfers(scope: Scope): BucketTransfer[] {
  const backups = new Set(backupBuckets(scope).map((b) => b.id));
  const copies = new Set(copyBuckets(scope).map((b) => b.id));
  return bucketTransfers(scope).filter(
    (t) => t.sources.some((b) => backups.has(b.id)) || t.sinks.some((b) => copies.has(b.id)),
  );
}

/** The regions a bucket stores data in (a single or dual region), Unknown, or undefined when not set. */
export function bucketRegions(scope: Scope, bucket: Resource): readonly string[] | Unknown | undefined {
  const location = locationOf(scope, bucket, bucket.attributes.location);
  if (isUnknown(location) || location === undefined) return location;
  const kind = storageLocation(location, bucketDataLocations(bucket));
  return "regions" in kind ? kind.regions : new Unknown(`${location} names no regions`);
}

/**
 * Copies that transfer jobs make of what `path` lands in a bucket: one path per transfer from that bucket into
 * a declared bucket, with the second bucket's region, key region, retention and lock.
 */
export function onwardPaths(scope: Scope, path: BackupPath): BackupPath[] {
  const from = path.into;
  if (!from) return [];
  return (transfersFrom(scope).get(from.id) ?? []).flatMap((t) =>
    t.sinks.map((sink) => transferPath(scope, path, t.job, sink)),
  );
}

/** `paths` with, after each, the onward copies transfer jobs make of it. */
export function withOnwardCopies(scope: Scope, paths: readonly BackupPath[]): BackupPath[] {
  return paths.flatMap((path) => [path, ...onwardPaths(scope, path)]);
}

function transferPath(scope: Scope, first: BackupPath, job: Resource, sink: Resource): BackupPath {
  const regions = bucketRegions(scope, sink);
  const period = literal(scope, sink, get(sink.attributes, "retention_policy.retention_period"));
  const locked = literal(scope, sink, get(sink.attributes, "retention_policy.is_locked"));
  const isLocked = isUnknown(locked) ? locked : locked === true || locked === "true";
  return {
    kind: SECOND_COPY_KIND,
    via: `${first.via} => ${job.address} -> ${sink.address}`,
    proof: job,
    into: sink,
    // A copy of a copy that may not exist (its regions unknown) may not exist either.
    regions: isUnknown(first.regions) ? first.regions : (regions ?? []),
    keyRegion: keyRegionOf(scope, sink, get(sink.attributes, "encryption.default_kms_key_name")),
    keyFixedBySource: false,
    retentionDays: isUnknown(period) ? period : isSet(period) ? Number(period) / SECONDS_PER_DAY : undefined,
    locked: isLocked,
    lockNote:
      isLocked === true
        ? "second bucket's retention policy locked: nobody can delete or shorten it"
        : "second bucket's retention policy not locked: an administrator can remove it",
  };
}
