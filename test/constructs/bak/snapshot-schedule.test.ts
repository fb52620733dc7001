import { SnapshotSchedule, type SnapshotScheduleProps } from "../../../constructs/bak/snapshot-schedule";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

const BASE: SnapshotScheduleProps = {
  name: "raft-daily",
  region: "europe-west2",
  storageRegion: "europe-west1",
};

function synthSchedule(props: Partial<SnapshotScheduleProps> = {}) {
  return synthScope((stack) => new SnapshotSchedule(stack, "schedule", { ...BASE, ...props }));
}

describe("SnapshotSchedule", () => {
  const bare = synthSchedule();

  test("used bare: daily, kept 30 days in the other region, also after the disk is deleted (then deleted)", () => {
    const [policy] = attributesOf(bare, "google_compute_resource_policy");
    expect(policy).toMatchObject({
      name: "raft-daily",
      region: "europe-west2",
      snapshot_schedule_policy: {
        schedule: { daily_schedule: { days_in_cycle: 1, start_time: "04:00" } },
        retention_policy: { max_retention_days: 30, on_source_disk_delete: "APPLY_RETENTION_POLICY" },
        snapshot_properties: { storage_locations: ["europe-west1"] },
      },
    });
  });

  // BAK-04 judges disks, which the schedule does not declare (hardened-instance-template.test.ts proves it).
  test("used bare, it passes the geo-separation, retention and retention-after-deletion controls", () => {
    expectUsedBarePasses(bare, ["BAK-01", "BAK-02", "BAK-10"]);
  });

  test("longer retention and another start time are accepted", () => {
    const [policy] = attributesOf(
      synthSchedule({ retentionDays: 35, startTime: "20:00" }),
      "google_compute_resource_policy",
    );
    expect(policy.snapshot_schedule_policy.retention_policy.max_retention_days).toBe(35);
    expect(policy.snapshot_schedule_policy.schedule.daily_schedule.start_time).toBe("20:00");
  });

  test("refuses retention under 30 days", () => {
    expect(() => synthSchedule({ retentionDays: 7 })).toThrow("retentionDays must be at least 30, got 7");
  });

  test("refuses storing snapshots in the disks' own region", () => {
    expect(() => synthSchedule({ storageRegion: "europe-west2" })).toThrow(
      "storageRegion must differ from the disks' region europe-west2",
    );
  });
});
