import type { Scope } from "../../../policies/model/types";
import { tf } from "../../support/control-fixtures";
import { type Target, environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import type { Attributes, TerraformJson } from "../../support/synth";

export { PROD_SQL_INSTANCE as SQL } from "../../support/environment";

/** The default baseline's backup bucket (labelled purpose=backups) in prod. */
export const BUCKET: Target = { type: "google_storage_bucket", key: "name", value: "acme-sec-prod-backups" };
/** The default baseline's second offsite copy in prod (backups.secondaryRegion): its bucket and transfer job. */
export const COPY_BUCKET: Target = {
  type: "google_storage_bucket",
  key: "name",
  value: "acme-sec-prod-backups-copy",
};
export const COPY_JOB: Target = {
  type: "google_storage_transfer_job",
  key: "name",
  value: "transferJobs/acme-prod-backups-second-copy",
};
/** The default baseline's backup vault in prod. */
export const VAULT: Target = {
  type: "google_backup_dr_backup_vault",
  key: "backup_vault_id",
  value: "acme-prod-backups",
};
/** The Vault hosts' instance template (a raft data disk) in prod. */
export const VAULT_TEMPLATE: Target = {
  type: "google_compute_instance_template",
  key: "name_prefix",
  value: "acme-prod-vault-",
};
/** The Wazuh manager's standalone data disk in prod. */
export const WAZUH_DISK: Target = { type: "google_compute_disk", key: "name", value: "acme-prod-wazuh-data" };
export const DAY = 86_400;

/**
 * The scope of an environment of the default baseline after `change` edits the target's attributes (and, when
 * it needs to, the other stacks), with the target's address: verdictAfter's scope, for expectFails.
 */
export function scopeAfter(
  target: Target,
  change: (attributes: Attributes, stacks: Record<string, TerraformJson>) => void,
  environment = "prod",
): { scope: Scope; address: string } {
  const stacks = environmentStacks(environment);
  const found = resourceOf(stacks, target);
  change(found.attributes, stacks);
  return { scope: environmentScope(stacks, environment), address: found.address };
}

/**
 * `change` to the vault, then a backup plan backing up into it (the default baseline's vault is empty: provider
 * 6.50 cannot back up its CMEK disks there), so that the vault's claims are judged rather than not applicable.
 */
export function withBackupPlan(
  change: (vault: Attributes, stacks: Record<string, TerraformJson>) => void = () => undefined,
): (vault: Attributes, stacks: Record<string, TerraformJson>) => void {
  return (vault, stacks) => {
    change(vault, stacks);
    const { address } = resourceOf(stacks, VAULT);
    const plans = ((stacks["prod-backup"].resource ??= {}).google_backup_dr_backup_plan ??= {});
    plans.instances = {
      backup_plan_id: "instances",
      location: "europe-west1",
      resource_type: "compute.googleapis.com/Instance",
      backup_vault: `\${${address}.id}`,
    };
  };
}

/** The compliant prod environment of the default baseline. */
export function prodScope(): Scope {
  return environmentScope(environmentStacks("prod"), "prod");
}

/** Disks as the vault and monitoring stacks declare them: a template data disk, a standalone data disk. */
export const SCHEDULE = "${google_compute_resource_policy.daily.name}";
export const DISKS = tf({
  google_compute_resource_policy: {
    daily: {
      name: "daily",
      region: "europe-west2",
      snapshot_schedule_policy: {
        schedule: { daily_schedule: { days_in_cycle: 1, start_time: "04:00" } },
        retention_policy: { max_retention_days: 30, on_source_disk_delete: "KEEP_AUTO_SNAPSHOTS" },
        snapshot_properties: { storage_locations: ["europe-west1"] },
      },
    },
    nightly_stop: {
      name: "nightly-stop",
      region: "europe-west2",
      instance_schedule_policy: { time_zone: "UTC" },
    },
  },
  google_compute_instance_template: {
    vault: {
      name_prefix: "vault-",
      disk: [
        { boot: true, source_image: "debian-cloud/debian-12" },
        { boot: false, device_name: "raft", resource_policies: [SCHEDULE] },
      ],
    },
  },
  google_compute_disk: {
    data: { name: "wazuh-data", zone: "europe-west2-b" },
    boot: { name: "wazuh-boot", zone: "europe-west2-b", image: "debian-cloud/debian-12" },
  },
  google_compute_disk_resource_policy_attachment: {
    data: { name: SCHEDULE, disk: "${google_compute_disk.data.name}", zone: "europe-west2-b" },
  },
  google_compute_instance: {
    wazuh: {
      name: "wazuh",
      zone: "europe-west2-b",
      boot_disk: { source: "${google_compute_disk.boot.self_link}" },
      attached_disk: [{ source: "${google_compute_disk.data.self_link}" }],
    },
  },
});

/** The prod database's export: its Cloud Scheduler job and Cloud Run job (data stack). */
export const EXPORT_SCHEDULER: Target = {
  type: "google_cloud_scheduler_job",
  key: "name",
  value: "acme-prod-pg-export",
};
export const EXPORT_JOB: Target = {
  type: "google_cloud_run_v2_job",
  key: "name",
  value: "acme-prod-pg-export",
};
/** The prod Vault raft snapshot job: its Cloud Scheduler job and Cloud Run job (backup stack). */
export const VAULT_SNAPSHOT_SCHEDULER: Target = {
  type: "google_cloud_scheduler_job",
  key: "name",
  value: "acme-prod-vault-snapshot",
};
export const VAULT_SNAPSHOT_JOB: Target = {
  type: "google_cloud_run_v2_job",
  key: "name",
  value: "acme-prod-vault-snapshot",
};
/** The prod database's restore drill: its Cloud Run job and Cloud Scheduler job (data stack). */
export const DRILL_JOB: Target = {
  type: "google_cloud_run_v2_job",
  key: "name",
  value: "acme-prod-pg-restore-drill",
};
export const DRILL_SCHEDULER: Target = {
  type: "google_cloud_scheduler_job",
  key: "name",
  value: "acme-prod-pg-restore-drill",
};
/** The snapshot schedules of the Vault raft disks and the Wazuh data disk in prod. */
export const RAFT_SCHEDULE: Target = {
  type: "google_compute_resource_policy",
  key: "name",
  value: "acme-prod-vault-raft-daily",
};
export const WAZUH_SCHEDULE: Target = {
  type: "google_compute_resource_policy",
  key: "name",
  value: "acme-prod-wazuh-daily",
};

/** Deletes every resource of `type` whose attributes match `where`, in any stack; returns how many went. */
export function removeWhere(
  stacks: Record<string, TerraformJson>,
  type: string,
  where: (attributes: Attributes) => boolean,
): number {
  let removed = 0;
  for (const stack of Object.values(stacks)) {
    const ofType = stack.resource?.[type] ?? {};
    for (const [logical, attributes] of Object.entries(ofType)) {
      if (where(attributes)) {
        delete ofType[logical];
        removed++;
      }
    }
  }
  return removed;
}

/** The prod scope after `change` edits the stacks (and the address of `target`, for expectFails). */
export function prodAfter(
  target: Target,
  change: (stacks: Record<string, TerraformJson>) => void,
): { scope: Scope; address: string } {
  const stacks = environmentStacks("prod");
  const { address } = resourceOf(stacks, target);
  change(stacks);
  return { scope: environmentScope(stacks, "prod"), address };
}
