import { BAK02Retention } from "../../../policies/controls/bak/BAK-02-retention";
import { expectFails, expectPasses, mutate, resultFor, scopeOf } from "../../support/control-fixtures";
import { scopeWithUnknown, verdictAfter } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { BUCKET, COPY_BUCKET, DAY, DISKS, SQL, prodScope, scopeAfter } from "./fixture";

describe("BAK-02 Backups kept 30 days, then deleted", () => {
  test("prod: the backup bucket, the snapshot schedules and the SQL backups keep 30 days, then delete", () => {
    expectPasses(BAK02Retention, prodScope());
  });

  test("a 7-day bucket retention fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.retention_policy.retention_period = 7 * DAY));
    const result = resultFor(BAK02Retention, scope, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("retention period is 7 days, under 30");
    expectFails(BAK02Retention, scope, address);
  });

  test("a second offsite copy's bucket keeping 7 days fails", () => {
    const { scope, address } = scopeAfter(
      COPY_BUCKET,
      (b) => (b.retention_policy.retention_period = 7 * DAY),
    );
    expectFails(BAK02Retention, scope, address);
  });

  test("a bucket without retention policy fails", () => {
    expect(verdictAfter(BAK02Retention, BUCKET, (b) => delete b.retention_policy).status).toBe("fail");
  });

  test.each([
    ["retention_policy", (b: Attributes) => (b.retention_policy = null)],
    ["lifecycle_rule", (b: Attributes) => (b.lifecycle_rule = null)],
  ])("a bucket with %s null (unset: deletable at once, or never deleted) fails", (_, change) => {
    const { scope, address } = scopeAfter(BUCKET, change);
    expectFails(BAK02Retention, scope, address);
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

  test("a SQL instance with retained_backups null (unset: 7) or enabled null (unset: off) fails", () => {
    const count = scopeAfter(SQL, (i) => {
      i.settings.backup_configuration.backup_retention_settings.retained_backups = null;
    });
    const [kept] = expectFails(BAK02Retention, count.scope, count.address);
    expect(kept.message).toContain("keeps 7 daily backups, under 30 days");
    const enabled = scopeAfter(SQL, (i) => (i.settings.backup_configuration.enabled = null));
    const [off] = expectFails(BAK02Retention, enabled.scope, enabled.address);
    expect(off.message).toContain("automated backups are off");
  });

  test("a snapshot schedule kept 7 days fails", () => {
    const week = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.retention_policy.max_retention_days = 7;
      }),
    );
    expect(resultFor(BAK02Retention, week, "google_compute_resource_policy.daily").message).toContain(
      "snapshots kept 7 days, under 30",
    );
    expectFails(BAK02Retention, week, "google_compute_resource_policy.daily");
  });

  test("a snapshot schedule with max_retention_days null (unset: kept until deleted by hand) fails", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.retention_policy.max_retention_days =
          null;
      }),
    );
    const [failure] = expectFails(BAK02Retention, scope, "google_compute_resource_policy.daily");
    expect(failure.message).toContain("no retention policy");
  });
});
