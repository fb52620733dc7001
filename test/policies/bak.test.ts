import { BAK_CONTROLS } from "../../policies/controls/bak";
import { BAK05BackupKeys } from "../../policies/controls/bak/BAK-05-backup-keys";
import { BAK04DiskSnapshots } from "../../policies/controls/bak/BAK-04-disk-snapshots";
import { BAK01GeoSeparation } from "../../policies/controls/bak/BAK-01-geo-separation";
import { BAK03LockedInProduction } from "../../policies/controls/bak/BAK-03-locked-in-production";
import { BAK02Retention } from "../../policies/controls/bak/BAK-02-retention";
import { BAK06VaultRetention } from "../../policies/controls/bak/BAK-06-vault-retention";
import { isProductionEnvironment } from "../../policies/views/production";
import {
  expectWellFormed,
  markUnknown,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../support/control-fixtures";
import {
  PROD_SQL_INSTANCE as SQL,
  type Target,
  environmentScope,
  environmentStacks,
  resourceOf,
  scopeWithUnknown,
  verdictAfter,
} from "../support/environment";

const BUCKET: Target = { type: "google_storage_bucket", key: "name", value: "acme-sec-prod-backups" };
const VAULT: Target = {
  type: "google_backup_dr_backup_vault",
  key: "backup_vault_id",
  value: "acme-prod-backups",
};
const DAY = 86_400;

describe("BAK controls", () => {
  test("are well formed", () => expectWellFormed(BAK_CONTROLS, "BAK"));

  test("production is the environment named prod or production", () => {
    expect(["prod", "production", "PROD"].map(isProductionEnvironment)).toEqual([true, true, true]);
    expect(["staging", "preprod", "prod2"].map(isProductionEnvironment)).toEqual([false, false, false]);
  });
});

describe("BAK controls on the synthesized baseline (all stacks of an environment)", () => {
  test.each(["staging", "prod"])("%s: nothing fails or is unknown", (env) => {
    const scope = environmentScope(environmentStacks(env), env);
    const verdicts = BAK_CONTROLS.flatMap((c) =>
      c.evaluate(scope).map((r) => `${c.id} ${r.status}: ${r.message}`),
    );
    expect(verdicts.filter((v) => / (fail|unknown):/.test(v))).toEqual([]);
  });

  test("prod: the backup bucket, the vault and the SQL backups are each stored off-region", () => {
    const stacks = environmentStacks("prod");
    const scope = environmentScope(stacks, "prod");
    for (const target of [BUCKET, VAULT, SQL]) {
      const { address } = resourceOf(stacks, target);
      expect(resultFor(BAK01GeoSeparation, scope, address).status).toBe("pass");
    }
  });

  test("prod: the backup bucket is locked, encrypted in its region, kept 30 days; the vault enforces 30 days", () => {
    const stacks = environmentStacks("prod");
    const scope = environmentScope(stacks, "prod");
    const bucket = resourceOf(stacks, BUCKET).address;
    const vault = resourceOf(stacks, VAULT).address;
    expect(run(BAK03LockedInProduction, scope)).toEqual([`${bucket}: pass`]);
    expect(run(BAK05BackupKeys, scope)).toEqual([`${bucket}: pass`]);
    expect(resultFor(BAK02Retention, scope, bucket).message).toContain(
      "kept 30 days, deleted at age 30 days",
    );
    expect(run(BAK06VaultRetention, scope)).toEqual([`${vault}: pass`]);
  });

  test("staging is not production: the lock is not required there", () => {
    expect(run(BAK03LockedInProduction, environmentScope(environmentStacks("staging"), "staging"))).toEqual([
      "project: not-applicable",
    ]);
  });
});

describe("BAK-01 backups outside the primary region", () => {
  test("a backup bucket in the primary region fails", () => {
    const result = verdictAfter(BAK01GeoSeparation, BUCKET, (b) => (b.location = "europe-west2"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("stored in europe-west2, the primary region");
  });

  test("a multi-region backup bucket fails: it does not say where the data is", () => {
    expect(verdictAfter(BAK01GeoSeparation, BUCKET, (b) => (b.location = "EU")).status).toBe("fail");
  });

  test("a vault in the primary region fails", () => {
    expect(verdictAfter(BAK01GeoSeparation, VAULT, (v) => (v.location = "europe-west2")).status).toBe("fail");
  });

  test("SQL backups in the instance's region, or in Cloud SQL's default location, fail", () => {
    const same = verdictAfter(BAK01GeoSeparation, SQL, (i) => {
      i.settings.backup_configuration.location = "europe-west2";
    });
    expect(same.status).toBe("fail");
    const unset = verdictAfter(BAK01GeoSeparation, SQL, (i) => {
      delete i.settings.backup_configuration.location;
    });
    expect(unset.message).toContain("no backup location");
    expect(unset.status).toBe("fail");
  });

  test("a bucket location known only after apply is unknown", () => {
    const { scope, address } = scopeWithUnknown(BUCKET, "location");
    expect(resultFor(BAK01GeoSeparation, scope, address).status).toBe("unknown");
  });

  test("an environment with no backup store at all fails at project level", () => {
    expect(run(BAK01GeoSeparation, scopeOf(tf({})))).toEqual(["project: fail"]);
  });
});

describe("BAK-02 retention of 30 days, then deletion", () => {
  test("a 7-day bucket retention fails", () => {
    const result = verdictAfter(
      BAK02Retention,
      BUCKET,
      (b) => (b.retention_policy.retention_period = 7 * DAY),
    );
    expect(result.status).toBe("fail");
    expect(result.message).toContain("retention period is 7 days, under 30");
  });

  test("a bucket without retention policy fails", () => {
    expect(verdictAfter(BAK02Retention, BUCKET, (b) => delete b.retention_policy).status).toBe("fail");
  });

  test("a bucket that never deletes, or deletes only some objects, fails", () => {
    const never = verdictAfter(BAK02Retention, BUCKET, (b) => (b.lifecycle_rule = []));
    expect(never.message).toContain("backups are never deleted");
    const some = verdictAfter(BAK02Retention, BUCKET, (b) => {
      b.lifecycle_rule[0].condition.matches_prefix = ["tmp/"];
    });
    expect(some.status).toBe("fail");
  });

  test("lifecycle rules known only after apply are unknown", () => {
    const { scope, address } = scopeWithUnknown(BUCKET, "lifecycle_rule");
    expect(resultFor(BAK02Retention, scope, address).status).toBe("unknown");
  });

  test("a SQL instance keeping 7 backups, or none, fails", () => {
    const seven = verdictAfter(BAK02Retention, SQL, (i) => {
      i.settings.backup_configuration.backup_retention_settings.retained_backups = 7;
    });
    expect(seven.message).toContain("keeps 7 daily backups, under 30 days");
    const defaulted = verdictAfter(BAK02Retention, SQL, (i) => {
      delete i.settings.backup_configuration.backup_retention_settings;
    });
    expect(defaulted.status).toBe("fail");
    const off = verdictAfter(BAK02Retention, SQL, (i) => (i.settings.backup_configuration.enabled = false));
    expect(off.message).toContain("automated backups are off");
  });
});

describe("BAK-03 retention locked in production", () => {
  test("an unlocked backup bucket in prod fails", () => {
    const result = verdictAfter(
      BAK03LockedInProduction,
      BUCKET,
      (b) => (b.retention_policy.is_locked = false),
    );
    expect(result.status).toBe("fail");
  });

  test("production without a backup bucket fails at project level", () => {
    const stacks = environmentStacks("prod");
    resourceOf(stacks, BUCKET).attributes.labels = {};
    expect(run(BAK03LockedInProduction, environmentScope(stacks, "prod"))).toEqual(["project: fail"]);
  });
});

describe("BAK-05 backup keys in the backup region", () => {
  test("a backup bucket encrypted with the primary region's key fails", () => {
    const result = verdictAfter(BAK05BackupKeys, BUCKET, (b, stacks) => {
      // The SQL key lives in the primary region; both stacks read the kms stack through the same remote state.
      b.encryption.default_kms_key_name = resourceOf(stacks, SQL).attributes.encryption_key_name;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("key is in europe-west2, the bucket in europe-west1");
  });

  test("a backup bucket with a Google-managed key fails", () => {
    expect(verdictAfter(BAK05BackupKeys, BUCKET, (b) => delete b.encryption).status).toBe("fail");
  });
});

describe("BAK-06 vault enforced retention", () => {
  test("7 days of enforced retention fails; an unreadable duration fails", () => {
    const week = verdictAfter(BAK06VaultRetention, VAULT, (v) => {
      v.backup_minimum_enforced_retention_duration = `${7 * DAY}s`;
    });
    expect(week.message).toContain("enforced retention is 7 days, under 30");
    const text = verdictAfter(BAK06VaultRetention, VAULT, (v) => {
      v.backup_minimum_enforced_retention_duration = "30d";
    });
    expect(text.status).toBe("fail");
  });
});

const VAULT_TEMPLATE: Target = {
  type: "google_compute_instance_template",
  key: "name_prefix",
  value: "acme-prod-vault-",
};
const WAZUH_DISK: Target = { type: "google_compute_disk", key: "name", value: "acme-prod-wazuh-data" };

describe("BAK-04 on the synthesized baseline: the Vault raft disks and the Wazuh data disk", () => {
  test("both have a snapshot schedule", () => {
    const stacks = environmentStacks("prod");
    const scope = environmentScope(stacks, "prod");
    for (const target of [VAULT_TEMPLATE, WAZUH_DISK]) {
      const { address } = resourceOf(stacks, target);
      expect(resultFor(BAK04DiskSnapshots, scope, address).status).toBe("pass");
    }
  });

  test("the raft disk without its schedule fails, naming the disk", () => {
    const result = verdictAfter(BAK04DiskSnapshots, VAULT_TEMPLATE, (template) => {
      delete template.disk[1].resource_policies;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toContain('disk "vault-raft" (disk.1) has no snapshot schedule');
  });

  test("the Wazuh data disk without its attachment fails, naming the disk", () => {
    const result = verdictAfter(BAK04DiskSnapshots, WAZUH_DISK, (_disk, stacks) => {
      delete stacks["prod-monitoring"].resource!.google_compute_disk_resource_policy_attachment;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("disk acme-prod-wazuh-data has no snapshot schedule");
  });
});

/** Disks as the vault and monitoring stacks declare them: a template data disk, a standalone data disk. */
const SCHEDULE = "${google_compute_resource_policy.daily.name}";
const DISKS = tf({
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

describe("BAK-04 every stateful disk has a snapshot schedule", () => {
  test("template data disks and attached standalone disks with a schedule pass; boot disks are not judged", () => {
    expect(run(BAK04DiskSnapshots, scopeOf(DISKS))).toEqual([
      "google_compute_instance_template.vault: pass",
      "google_compute_disk.data: pass",
    ]);
  });

  test("a template data disk without a schedule fails, naming the disk", () => {
    const scope = scopeOf(
      mutate(
        DISKS,
        (d) => delete d.resource.google_compute_instance_template.vault.disk[1].resource_policies,
      ),
    );
    const result = resultFor(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault");
    expect(result.status).toBe("fail");
    expect(result.message).toContain('disk "raft" (disk.1) has no snapshot schedule');
  });

  test("a schedule, or its attachment, whose count is an expression is unknown: the disk may have no backup", () => {
    const schedule = scopeOf(
      mutate(DISKS, (d) => (d.resource.google_compute_resource_policy.daily.count = "${var.on ? 1 : 0}")),
    );
    expect(run(BAK04DiskSnapshots, schedule)).toEqual([
      "google_compute_instance_template.vault: unknown",
      "google_compute_disk.data: unknown",
    ]);
    const attachment = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_disk_resource_policy_attachment.data.for_each = "${var.disks}";
      }),
    );
    expect(run(BAK04DiskSnapshots, attachment)).toEqual([
      "google_compute_instance_template.vault: pass",
      "google_compute_disk.data: unknown",
    ]);
  });

  test("a standalone disk without an attached schedule fails, naming the disk", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => delete d.resource.google_compute_disk_resource_policy_attachment),
    );
    const result = resultFor(BAK04DiskSnapshots, scope, "google_compute_disk.data");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("disk wazuh-data has no snapshot schedule");
  });

  test("a resource policy that is not a snapshot schedule does not count", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_instance_template.vault.disk[1].resource_policies = [
          "${google_compute_resource_policy.nightly_stop.name}",
        ];
      }),
    );
    expect(resultFor(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault").status).toBe(
      "fail",
    );
  });

  test("a schedule or disk this configuration does not declare is unknown, as is a policy known after apply", () => {
    const external = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_instance_template.vault.disk[1].resource_policies = [
          "someone-elses-policy",
        ];
        d.resource.google_compute_instance.wazuh.attached_disk.push({
          source: "projects/p/zones/z/disks/legacy",
        });
      }),
    );
    expect(run(BAK04DiskSnapshots, external)).toEqual([
      "google_compute_instance_template.vault: unknown",
      "google_compute_instance.wazuh: unknown",
      "google_compute_disk.data: pass",
    ]);
    const later = markUnknown(
      scopeOf(DISKS),
      "google_compute_instance_template.vault",
      "disk.1.resource_policies",
    );
    expect(resultFor(BAK04DiskSnapshots, later, "google_compute_instance_template.vault").status).toBe(
      "unknown",
    );
  });

  test("an environment without stateful disks is not applicable", () => {
    expect(run(BAK04DiskSnapshots, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });

  test("a snapshot schedule stored in the disks' region, or kept 7 days, fails", () => {
    const sameRegion = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.snapshot_properties.storage_locations =
          ["europe-west2"];
      }),
    );
    expect(resultFor(BAK01GeoSeparation, sameRegion, "google_compute_resource_policy.daily").status).toBe(
      "fail",
    );
    const week = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.retention_policy.max_retention_days = 7;
      }),
    );
    expect(resultFor(BAK02Retention, week, "google_compute_resource_policy.daily").message).toContain(
      "snapshots kept 7 days, under 30",
    );
  });
});
