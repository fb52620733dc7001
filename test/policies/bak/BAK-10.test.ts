import { BAK10RetentionAfterSourceDeletion } from "../../../policies/controls/bak/BAK-10-retention-after-source-deletion";
import { expectFails, expectPasses, resultFor, run, scopeOf } from "../../support/control-fixtures";
import { environmentStacks, resourceOf } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { RAFT_SCHEDULE, SQL, WAZUH_SCHEDULE, prodScope, scopeAfter } from "./fixture";

describe("BAK-10 Backups outlive their source, for their retention period only", () => {
  test("prod: both snapshot schedules apply their retention after disk deletion; the database retains its backups", () => {
    const stacks = environmentStacks("prod");
    const results = expectPasses(BAK10RetentionAfterSourceDeletion, prodScope());
    expect(results.map((r) => `${r.resource?.address}: ${r.status}`).sort()).toEqual(
      [RAFT_SCHEDULE, WAZUH_SCHEDULE, SQL].map((t) => `${resourceOf(stacks, t).address}: pass`).sort(),
    );
  });

  test.each([
    [
      "KEEP_AUTO_SNAPSHOTS",
      (p: Attributes) =>
        (p.snapshot_schedule_policy.retention_policy.on_source_disk_delete = "KEEP_AUTO_SNAPSHOTS"),
    ],
    [
      "unset (Google keeps them)",
      (p: Attributes) => delete p.snapshot_schedule_policy.retention_policy.on_source_disk_delete,
    ],
  ])("a schedule with %s fails: a deleted disk's snapshots would be kept forever", (_, change) => {
    const { scope, address } = scopeAfter(WAZUH_SCHEDULE, change);
    const [failure] = expectFails(BAK10RetentionAfterSourceDeletion, scope, address);
    expect(failure.message).toContain("kept forever, beyond the retention period");
  });

  test("a database that deletes its backups with it fails", () => {
    const { scope, address } = scopeAfter(SQL, (i) => (i.settings.retain_backups_on_delete = false));
    const [failure] = expectFails(BAK10RetentionAfterSourceDeletion, scope, address);
    expect(failure.message).toContain("deletes its automated backups with it");
  });

  test("a value from an expression is unknown, not passed", () => {
    const { scope, address } = scopeAfter(SQL, (i) => (i.settings.retain_backups_on_delete = "${var.keep}"));
    expect(resultFor(BAK10RetentionAfterSourceDeletion, scope, address).status).toBe("unknown");
  });

  test("nothing to judge is not applicable", () => {
    expect(run(BAK10RetentionAfterSourceDeletion, scopeOf({ resource: {} }))).toEqual([
      "project: not-applicable",
    ]);
  });
});
