import { BAK13LockedKeyedCopyInProduction } from "../../../policies/controls/bak/BAK-13-locked-keyed-copy-in-production";
import { Unknown } from "../../../policies/model/types";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import {
  BUCKET,
  EXPORT_SCHEDULER,
  SQL,
  VAULT_SNAPSHOT_SCHEDULER,
  VAULT_TEMPLATE,
  WAZUH_DISK,
  prodAfter,
  prodScope,
  removeWhere,
  scopeAfter,
} from "./fixture";

describe("BAK-13 In production, every store has a locked off-region copy under a key held where the copy is", () => {
  test("prod: the raft disks, the Wazuh disk and the database each have one in the locked europe-west1 bucket", () => {
    const stacks = environmentStacks("prod");
    const results = expectPasses(BAK13LockedKeyedCopyInProduction, prodScope());
    expect(results.map((r) => `${r.resource?.address}: ${r.status}`)).toEqual([
      `${resourceOf(stacks, VAULT_TEMPLATE).address}: pass`,
      `${resourceOf(stacks, WAZUH_DISK).address}: pass`,
      `${resourceOf(stacks, SQL).address}: pass`,
    ]);
    expect(results.map((r) => /: ([a-z ]+) \(/.exec(r.message)?.[1])).toEqual([
      "scheduled snapshot job",
      "scheduled host archive",
      "scheduled export",
    ]);
    expect(results[2].message).toContain("is stored in europe-west1, locked, under a key held there");
  });

  test("staging is not production: not applicable", () => {
    const result = resultFor(
      BAK13LockedKeyedCopyInProduction,
      environmentScope(environmentStacks("staging"), "staging"),
    );
    expect(result.status).toBe("not-applicable");
    expect(result.message).toContain("is not production");
  });

  test("without its snapshot job, Vault keeps only unlocked snapshots under the primary key: fails", () => {
    const { scope, address } = prodAfter(VAULT_TEMPLATE, (stacks) => {
      expect(
        removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === VAULT_SNAPSHOT_SCHEDULER.value),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK13LockedKeyedCopyInProduction, scope, address);
    expect(failure.message).toContain("snapshot schedule: not locked, key held in europe-west2");
  });

  test("without its export, the database keeps only automated backups: fails while BAK-07 still passes", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      expect(
        removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === EXPORT_SCHEDULER.value),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK13LockedKeyedCopyInProduction, scope, address);
    expect(failure.message).toContain("automated backups: not locked, key held in europe-west2");
  });

  test("a paused export makes no copy: the database fails; one whose pause is known only after apply is unknown", () => {
    const paused = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = true;
    });
    expect(expectFails(BAK13LockedKeyedCopyInProduction, paused.scope, paused.address)[0].message).toContain(
      "automated backups: not locked",
    );
    const maybe = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = new Unknown("known after apply");
    });
    expect(resultFor(BAK13LockedKeyedCopyInProduction, maybe.scope, maybe.address).status).toBe("unknown");
  });

  test("an unlocked backup bucket: the locked second offsite copy, keyed in its region, still carries each store", () => {
    const { scope } = scopeAfter(BUCKET, (b) => (b.retention_policy.is_locked = false));
    const sqlAddress = resourceOf(environmentStacks("prod"), SQL).address;
    const sql = resultFor(BAK13LockedKeyedCopyInProduction, scope, sqlAddress);
    // The second offsite copy is locked and keyed in its own region: it still carries the store.
    expect(sql.status).toBe("pass");
    expect(sql.message).toContain("second offsite copy");
  });

  test("an unlocked backup bucket and no second copy fail every store", () => {
    const { scope } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, BUCKET).attributes.retention_policy.is_locked = false;
      expect(removeWhere(stacks, "google_storage_transfer_job", () => true)).toBe(1);
    });
    expect(run(BAK13LockedKeyedCopyInProduction, scope).map((r) => r.split(": ")[1])).toEqual([
      "fail",
      "fail",
      "fail",
    ]);
    expectFails(BAK13LockedKeyedCopyInProduction, scope, resourceOf(environmentStacks("prod"), SQL).address);
  });

  test("a backup bucket keyed in the primary region fails the stores it carries", () => {
    const { scope } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, BUCKET).attributes.encryption.default_kms_key_name =
        "projects/acme-sec-prod/locations/europe-west2/keyRings/r/cryptoKeys/k";
      expect(removeWhere(stacks, "google_storage_transfer_job", () => true)).toBe(1);
    });
    const [failure] = expectFails(
      BAK13LockedKeyedCopyInProduction,
      scope,
      resourceOf(environmentStacks("prod"), SQL).address,
    );
    expect(failure.message).toContain("scheduled export: key held in europe-west2");
  });

  test("a lock known only after apply is unknown, not passed", () => {
    const { scope } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, BUCKET).attributes.retention_policy.is_locked = new Unknown("known after apply");
      expect(removeWhere(stacks, "google_storage_transfer_job", () => true)).toBe(1);
    });
    const result = resultFor(
      BAK13LockedKeyedCopyInProduction,
      scope,
      resourceOf(environmentStacks("prod"), SQL).address,
    );
    expect(result.status).toBe("unknown");
  });
});
