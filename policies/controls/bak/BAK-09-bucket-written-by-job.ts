import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { presenceProven } from "../../judge/presence";
import { BACKUP_EVIDENCE, backupBuckets, bucketWriters } from "../../views/backup-stores";

export const BAK09BucketWrittenByJob: Control = {
  id: "BAK-09",
  title: "Every backup bucket is written by a declared scheduled job",
  claim:
    "Each backup bucket receives backups from a job this configuration schedules (Cloud Scheduler starting a " +
    "Cloud Run job) whose writing identity may create objects in it: a locked bucket nobody writes to fails.",
  severity: "high",
  rationale:
    "A bucket's retention, lock and key protect only what is written to it. An empty backup bucket makes every " +
    "other backup control pass while nothing is backed up; requiring a scheduled writer ties the bucket's " +
    "guarantees to copies that exist.",
  remediation:
    "Schedule a job that writes to the bucket: a google_cloud_scheduler_job whose http_target runs a " +
    "google_cloud_run_v2_job that names the bucket (an environment variable or a read-write volume) and runs as " +
    "a service account granted roles/storage.objectCreator on the bucket, or names a Cloud SQL instance whose " +
    "service account is granted it (a scheduled export).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The data stack's ScheduledSqlExport runs a daily gcloud sql export into sql/<instance>/ of the backup " +
    "bucket; Cloud SQL's service account may create objects under that prefix only. The backup stack's " +
    "VaultSnapshotJob (Cloud Scheduler -> Cloud Run job -> scripts/backups/vault-snapshot.sh) writes Vault raft " +
    "snapshots into vault/ as the Vault writer identity (BackupWriter, create-only on vault/). The Wazuh " +
    "writer (create-only on wazuh/) is listed as an idle grant until a job writes as it.",
  evaluate: (scope) => {
    const buckets = backupBuckets(scope);
    if (buckets.length === 0)
      return [projectVerdict("not-applicable", `environment ${scope.environment} declares no backup bucket`)];
    return buckets.map((bucket) => {
      const { writers, idle } = bucketWriters(scope, bucket);
      const found = [
        ...writers.map((w) =>
          evidence(BACKUP_EVIDENCE.writer, {
            scheduler: w.run.scheduler.address,
            schedule: w.run.schedule,
            job: w.run.job.address,
            writes_as: w.instance ? `${w.instance.address} (its service account)` : w.grant.members,
            role: w.grant.role,
            prefix: w.prefix ?? "(whole bucket)",
          }),
        ),
        ...idle.map((g) =>
          evidence(BACKUP_EVIDENCE.idleGrant, {
            grant: g.resource.address,
            members: g.members,
          }),
        ),
      ];
      const active = writers.filter((w) => w.run.paused !== true);
      const sure = active.filter((w) => !isUnknown(w.run.paused));
      if (sure.length > 0) {
        const w = sure[0];
        return presenceProven(
          verdict(
            "pass",
            bucket,
            `written by ${w.run.scheduler.address} (${String(w.run.schedule)}) running ${w.run.job.address}` +
              (w.instance ? ` (an export of ${w.instance.address})` : ""),
            found,
          ),
          w.run.scheduler,
        );
      }
      if (active.length > 0)
        return verdict(
          "unknown",
          bucket,
          "its only writer's scheduler may be paused (known after apply)",
          found,
        );
      return verdict(
        "fail",
        bucket,
        writers.length > 0
          ? "every scheduled job that writes to it is paused: nothing is backed up into it"
          : "no declared scheduled job writes to it: a backup bucket nobody writes to holds no backup",
        found,
      );
    });
  },
};
