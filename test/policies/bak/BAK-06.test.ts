import { BAK06VaultRetention } from "../../../policies/controls/bak/BAK-06-vault-retention";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { environmentStacks, resourceOf, verdictAfter } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { DAY, VAULT, prodScope, scopeAfter, withBackupPlan } from "./fixture";

describe("BAK-06 Backup vault enforces 30-day retention, fixed per backup", () => {
  test("prod: the vault holds no backups (no backup plan into it), so its retention is not applicable", () => {
    const [result] = run(BAK06VaultRetention, prodScope()).map((r) => r.split(": ")[1]);
    expect(result).toBe("not-applicable");
    const { message } = resultFor(
      BAK06VaultRetention,
      prodScope(),
      resourceOf(environmentStacks("prod"), VAULT).address,
    );
    expect(message).toMatch(
      /^no google_backup_dr_backup_plan declared here backs up into it, so its retention and lock protect nothing/,
    );
    expect(message).toContain("until its own expiry fixed when it is taken");
  });

  test("a plan naming the vault by its id (not a reference) makes it judged: one day of retention fails", () => {
    const { scope, address } = scopeAfter(VAULT, (vault, stacks) => {
      vault.backup_minimum_enforced_retention_duration = "86400s";
      ((stacks["prod-backup"].resource ??= {}).google_backup_dr_backup_plan ??= {}).by_id = {
        backup_plan_id: "by-id",
        location: "europe-west1",
        resource_type: "compute.googleapis.com/Instance",
        backup_vault: "projects/acme-sec-prod/locations/europe-west1/backupVaults/acme-prod-backups",
      };
    });
    expect(expectFails(BAK06VaultRetention, scope, address)[0].message).toContain(
      "enforced retention is 1 days, under 30",
    );
  });

  test("with a backup plan into it: the vault enforces 30 days, each backup until its own expiry", () => {
    const { scope, address } = scopeAfter(VAULT, withBackupPlan());
    expectPasses(BAK06VaultRetention, scope);
    expect(resultFor(BAK06VaultRetention, scope, address).message).toContain(
      "until its own expiry fixed when it is taken",
    );
  });

  test.each([
    [
      "INHERIT_VAULT_RETENTION",
      (v: Attributes) => (v.backup_retention_inheritance = "INHERIT_VAULT_RETENTION"),
    ],
    [
      "unset (Google's default, INHERIT_VAULT_RETENTION)",
      (v: Attributes) => delete v.backup_retention_inheritance,
    ],
  ])("inheritance %s fails: an administrator could lower each backup's retention", (_, change) => {
    const { scope, address } = scopeAfter(VAULT, withBackupPlan(change));
    const [failure] = expectFails(BAK06VaultRetention, scope, address);
    expect(failure.message).toContain("follows the vault's minimum, which an administrator can lower");
  });

  test("7 days of enforced retention fails; an unreadable duration fails", () => {
    const { scope, address } = scopeAfter(
      VAULT,
      withBackupPlan((v) => {
        v.backup_minimum_enforced_retention_duration = `${7 * DAY}s`;
      }),
    );
    expect(resultFor(BAK06VaultRetention, scope, address).message).toContain(
      "enforced retention is 7 days, under 30",
    );
    expectFails(BAK06VaultRetention, scope, address);
    const text = verdictAfter(
      BAK06VaultRetention,
      VAULT,
      withBackupPlan((v) => {
        v.backup_minimum_enforced_retention_duration = "30d";
      }),
    );
    expect(text.status).toBe("fail");
  });

  test("backup_minimum_enforced_retention_duration null (unset: nothing enforced) fails", () => {
    const { scope, address } = scopeAfter(
      VAULT,
      withBackupPlan((v) => (v.backup_minimum_enforced_retention_duration = null)),
    );
    expectFails(BAK06VaultRetention, scope, address);
  });
});
