import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { presenceProven } from "../../judge/presence";
import { BACKUP_EVIDENCE, backupBuckets, bucketWriters } from "../../views/backup-stores";
import { hostBackupJobs, vmsDeclaringBackupJobs } from "../../views/host-backup-jobs";

export const BAK09BucketWrittenByJob: Control = {
  id: "BAK-09",
  title: "Every backup bucket is written by a declared scheduled job",
  claim:
    "Each backup bucket receives backups from a job this configuration schedules (Cloud Scheduler starting a " +
    "Cloud Run job, or a systemd timer a VM's metadata declares and its boot script installs) whose writing " +
    "identity may create objects in it: a locked bucket nobody writes to fails.",
  severity: "high",
  rationale:
    "A bucket's retention, lock and key protect only what is written to it. An empty backup bucket makes every " +
    "other backup control pass while nothing is backed up; requiring a scheduled writer ties the bucket's " +
    "guarantees to copies that exist.",
  remediation:
    "Schedule a job that writes to the bucket: a google_cloud_scheduler_job whose http_target runs a " +
    "google_cloud_run_v2_job that names the bucket (an environment variable or a read-write volume) and runs as " +
    "a service account granted roles/storage.objectCreator on the bucket, or names a Cloud SQL instance whose " +
    "service account is granted it (a scheduled export); or declare a host-side job in a VM's metadata " +
    "(backup-job-name, -schedule, -bucket, -prefix, -writer), install `<name>.timer` from its boot script, grant " +
    "the VM's account roles/iam.serviceAccountTokenCreator on the writer account (not project-wide) and the " +
    "writer roles/storage.objectCreator on the bucket under that prefix.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The data stack's ScheduledSqlExport runs a daily gcloud sql export into sql/<instance>/ of the backup " +
    "bucket; Cloud SQL's service account may create objects under that prefix only. The backup stack's " +
    "VaultSnapshotJob (Cloud Scheduler -> Cloud Run job -> scripts/backups/vault-snapshot.sh) writes Vault raft " +
    "snapshots into vault/ as the Vault writer identity (BackupWriter, create-only on vault/). The Wazuh " +
    "manager's wazuh-archive.timer (declared by its instance metadata, installed by its boot script) writes " +
    "the daily alerts and configuration archive into wazuh/ as the Wazuh writer, whose tokens only the " +
    "manager's account may mint (roles/iam.serviceAccountTokenCreator on that account). That the timer fires " +
    "and the upload succeeds is shown by the host harness and alerted on at run time, not proven here.",
  evaluate: (scope) => {
    const buckets = backupBuckets(scope);
    if (buckets.length === 0)
      return [projectVerdict("not-applicable", `environment ${scope.environment} declares no backup bucket`)];
    return buckets.map((bucket) => {
      const { writers, idle: unused } = bucketWriters(scope, bucket);
      const jobs = hostBackupJobs(scope, bucket);
      const hostGrants = new Set(jobs.map((j) => j.grant.resource.id));
      const idle = unused.filter((g) => !hostGrants.has(g.resource.id));
      const counted = new Set(jobs.map((j) => j.vm.id));
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
        ...jobs.map((j) =>
          evidence(BACKUP_EVIDENCE.writer, {
            scheduler: `${j.vm.address} (systemd timer ${j.name}.timer)`,
            schedule: j.schedule,
            job: `${j.name}.service on ${j.vm.address}`,
            writes_as: j.grant.members,
            role: j.grant.role,
            prefix: j.prefix,
            token_creator: `${j.tokenGrant.resource.address} (${String(j.tokenGrant.role)})`,
          }),
        ),
        ...idle.map((g) =>
          evidence(BACKUP_EVIDENCE.idleGrant, {
            grant: g.resource.address,
            members: g.members,
          }),
        ),
        ...vmsDeclaringBackupJobs(scope, bucket)
          .filter((vm) => !counted.has(vm.id))
          .map((vm) =>
            evidence(
              `${vm.address}.metadata (a declared backup job that cannot write: no timer in its boot script, ` +
                "no token creator grant on the writer for its account, or no create grant for the writer)",
              vm.attributes.metadata,
            ),
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
      if (jobs.length > 0) {
        const j = jobs[0];
        return presenceProven(
          verdict(
            "pass",
            bucket,
            `written by ${j.name}.timer (${String(j.schedule)}) on ${j.vm.address} as ${j.writer}, whose ` +
              `tokens the VM's account may mint (${j.tokenGrant.resource.address})`,
            found,
          ),
          j.vm,
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
