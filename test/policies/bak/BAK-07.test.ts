import { BAK07BackupPathPerStore } from "../../../policies/controls/bak/BAK-07-backup-path-per-store";
import {
  expectFails,
  expectPasses,
  markUnknown,
  resultFor,
  run,
  scopeOf,
} from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import {
  DISKS,
  EXPORT_SCHEDULER,
  RAFT_SCHEDULE,
  SQL,
  VAULT_SNAPSHOT_SCHEDULER,
  VAULT_TEMPLATE,
  WAZUH_DISK,
  WAZUH_SCHEDULE,
  prodAfter,
  prodScope,
  removeWhere,
  scopeAfter,
} from "./fixture";

describe("BAK-07 Every stateful store has a backup path out of its region", () => {
  test("prod: the raft disks, the Wazuh disk and the database each have a copy in europe-west1", () => {
    const stacks = environmentStacks("prod");
    const results = expectPasses(BAK07BackupPathPerStore, prodScope());
    expect(results.map((r) => `${r.resource?.address}: ${r.status}`)).toEqual([
      `${resourceOf(stacks, VAULT_TEMPLATE).address}: pass`,
      `${resourceOf(stacks, WAZUH_DISK).address}: pass`,
      `${resourceOf(stacks, SQL).address}: pass`,
    ]);
  });

  test("the evidence gives each path's region, key region, retention and lock (the matrix's columns)", () => {
    const result = resultFor(
      BAK07BackupPathPerStore,
      prodScope(),
      resourceOf(environmentStacks("prod"), SQL).address,
    );
    const paths = result.evidence.filter((e) => e.path.startsWith("(backup path)"));
    expect(paths).toEqual([
      {
        path: "(backup path) automated backups",
        value: expect.objectContaining({
          region: "europe-west1",
          keyRegion: "europe-west2",
          retentionDays: 30,
          locked: false,
        }),
      },
      {
        path: "(backup path) scheduled export",
        value: expect.objectContaining({
          region: "europe-west1",
          keyRegion: "europe-west1",
          retentionDays: 30,
          locked: true,
          via: expect.stringMatching(
            /google_cloud_scheduler_job\..* -> google_cloud_run_v2_job\..* -> .*\/sql\/acme-prod-pg\/$/,
          ),
        }),
      },
      // The export, copied on by the daily transfer into the second bucket (backups.secondaryRegion).
      {
        path: "(backup path) second offsite copy",
        value: expect.objectContaining({
          region: "europe-west3",
          keyRegion: "europe-west3",
          retentionDays: 30,
          locked: true,
          via: expect.stringMatching(
            /\/sql\/acme-prod-pg\/ => google_storage_transfer_job\..* -> google_storage_bucket\.second-copy_bucket_[0-9A-F]{8}$/,
          ),
        }),
      },
    ]);
    const disk = resultFor(
      BAK07BackupPathPerStore,
      prodScope(),
      resourceOf(environmentStacks("prod"), WAZUH_DISK).address,
    );
    expect(disk.evidence).toContainEqual({
      path: "(backup path) snapshot schedule",
      value: expect.objectContaining({
        region: "europe-west1",
        keyRegion: "europe-west2",
        retentionDays: 30,
        locked: false,
      }),
    });
  });

  test("the Wazuh data disk's second path: the manager's archive timer, into the locked bucket", () => {
    const disk = resultFor(
      BAK07BackupPathPerStore,
      prodScope(),
      resourceOf(environmentStacks("prod"), WAZUH_DISK).address,
    );
    expect(disk.evidence).toContainEqual({
      path: "(backup path) scheduled host archive",
      value: expect.objectContaining({
        region: "europe-west1",
        keyRegion: "europe-west1",
        retentionDays: 30,
        locked: true,
        via: expect.stringMatching(
          /^google_compute_instance\.wazuh_vm_\w+ \(systemd timer wazuh-archive\.timer\) -> google_storage_bucket\.\w+\/wazuh\/$/,
        ),
      }),
    });
  });

  test("a second data disk on the Wazuh VM: the archive, which names no disk, proves neither disk's copy", () => {
    const { scope } = prodAfter(WAZUH_DISK, (stacks) => {
      const monitoring = stacks["prod-monitoring"].resource!;
      monitoring.google_compute_disk.extra = { name: "acme-prod-wazuh-extra", zone: "europe-west2-b" };
      for (const vm of Object.values(monitoring.google_compute_instance ?? {}))
        vm.attached_disk.push({ device_name: "extra", source: "${google_compute_disk.extra.id}" });
    });
    const extra = resultFor(BAK07BackupPathPerStore, scope, "google_compute_disk.extra");
    expect(extra.status).toBe("unknown");
    expect(extra.evidence).toContainEqual({
      path: "(backup path) scheduled host archive",
      value: expect.objectContaining({ region: expect.stringMatching(/has 2 data disks/) }),
    });
  });

  test("Wazuh snapshots kept in the disk's region and no archive job (its metadata removed) fail", () => {
    const { scope, address } = prodAfter(WAZUH_DISK, (stacks) => {
      resourceOf(
        stacks,
        WAZUH_SCHEDULE,
      ).attributes.snapshot_schedule_policy.snapshot_properties.storage_locations = ["europe-west2"];
      for (const vm of Object.values(stacks["prod-monitoring"].resource?.google_compute_instance ?? {}))
        delete vm.metadata["backup-job-bucket"];
    });
    const [failure] = expectFails(BAK07BackupPathPerStore, scope, address);
    expect(failure.evidence.map((e) => e.path)).not.toContain("(backup path) scheduled host archive");
  });

  test("a database whose backups stay in its region and that has no export fails", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, SQL).attributes.settings.backup_configuration.location = "europe-west2";
      expect(
        removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === EXPORT_SCHEDULER.value),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK07BackupPathPerStore, scope, address);
    expect(failure.message).toContain("has no copy outside europe-west2: automated backups stay there");
  });

  test("a database whose backups are off and that has no export has no backup path at all", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, SQL).attributes.settings.backup_configuration.enabled = false;
      removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === EXPORT_SCHEDULER.value);
    });
    const [failure] = expectFails(BAK07BackupPathPerStore, scope, address);
    expect(failure.message).toContain("has no backup path: nothing copies its data");
  });

  test("the export alone is enough: backups in the primary region, export to the backup bucket", () => {
    const { scope, address } = scopeAfter(
      SQL,
      (i) => (i.settings.backup_configuration.location = "europe-west2"),
    );
    const result = resultFor(BAK07BackupPathPerStore, scope, address);
    expect(result.status).toBe("pass");
    expect(result.message).toContain("(1 other path(s) stay in or near europe-west2)");
  });

  test("the Vault raft disk's second path: the snapshot job, read through Vault's DNS name, into the locked bucket", () => {
    const stacks = environmentStacks("prod");
    const result = resultFor(
      BAK07BackupPathPerStore,
      prodScope(),
      resourceOf(stacks, VAULT_TEMPLATE).address,
    );
    expect(result.evidence).toContainEqual({
      path: "(backup path) scheduled snapshot job",
      value: expect.objectContaining({
        region: "europe-west1",
        keyRegion: "europe-west1",
        retentionDays: 30,
        locked: true,
        via: expect.stringMatching(
          /google_cloud_scheduler_job\..* -> google_cloud_run_v2_job\..* \(reads https:\/\/vault\.acme-prod\.internal:8200\) -> .*\/vault\/$/,
        ),
      }),
    });
  });

  /** Prod with the raft snapshot schedule storing in the disks' own region. */
  const raftSnapshotsAtHome = (stacks: Parameters<Parameters<typeof prodAfter>[1]>[0]) => {
    resourceOf(
      stacks,
      RAFT_SCHEDULE,
    ).attributes.snapshot_schedule_policy.snapshot_properties.storage_locations = ["europe-west2"];
  };

  test("raft disk snapshots stored in the disks' own region: the snapshot job alone still copies it away", () => {
    const { scope, address } = prodAfter(VAULT_TEMPLATE, raftSnapshotsAtHome);
    const result = resultFor(BAK07BackupPathPerStore, scope, address);
    expect(result.status).toBe("pass");
    expect(result.message).toMatch(/copied to europe-west1 by google_cloud_scheduler_job\..*vault-snapshot/);
    expect(result.message).toContain("(1 other path(s) stay in or near europe-west2)");
  });

  test("raft snapshots in the disks' own region and no snapshot job fail", () => {
    const { scope, address } = prodAfter(VAULT_TEMPLATE, (stacks) => {
      raftSnapshotsAtHome(stacks);
      expect(
        removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === VAULT_SNAPSHOT_SCHEDULER.value),
      ).toBe(1);
    });
    expectFails(BAK07BackupPathPerStore, scope, address);
  });

  test("a snapshot job whose address leads to no Vault node (DNS record removed) is no path of the raft disk", () => {
    const { scope, address } = prodAfter(VAULT_TEMPLATE, (stacks) => {
      raftSnapshotsAtHome(stacks);
      expect(
        removeWhere(stacks, "google_dns_record_set", (r) => JSON.stringify(r.rrdatas).includes("vault")),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK07BackupPathPerStore, scope, address);
    expect(failure.evidence.map((e) => e.path)).not.toContain("(backup path) scheduled snapshot job");
  });

  test("a storage location known only after apply is unknown, not passed (without the snapshot job)", () => {
    const stacks = environmentStacks("prod");
    removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === VAULT_SNAPSHOT_SCHEDULER.value);
    const scope = markUnknown(
      environmentScope(stacks, "prod"),
      resourceOf(stacks, RAFT_SCHEDULE).address,
      "snapshot_schedule_policy.snapshot_properties.storage_locations",
    );
    expect(resultFor(BAK07BackupPathPerStore, scope, resourceOf(stacks, VAULT_TEMPLATE).address).status).toBe(
      "unknown",
    );
  });

  test("on plain Terraform: disks with a schedule storing in europe-west1 pass", () => {
    expect(run(BAK07BackupPathPerStore, scopeOf(DISKS))).toEqual([
      "google_compute_instance_template.vault: pass",
      "google_compute_disk.data: pass",
    ]);
  });
});
