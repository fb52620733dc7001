import { BAK06VaultRetention } from "../../../policies/controls/bak/BAK-06-vault-retention";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { verdictAfter } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { DAY, VAULT, prodScope, scopeAfter } from "./fixture";

describe("BAK-06 Backup vault enforces 30-day retention, fixed per backup", () => {
  test("prod: the vault enforces 30 days, each backup until its own expiry", () => {
    const [result] = expectPasses(BAK06VaultRetention, prodScope());
    expect(result.message).toContain("until its own expiry fixed when it is taken");
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
    const { scope, address } = scopeAfter(VAULT, change);
    const [failure] = expectFails(BAK06VaultRetention, scope, address);
    expect(failure.message).toContain("follows the vault's minimum, which an administrator can lower");
  });

  test("7 days of enforced retention fails; an unreadable duration fails", () => {
    const { scope, address } = scopeAfter(VAULT, (v) => {
      v.backup_minimum_enforced_retention_duration = `${7 * DAY}s`;
    });
    expect(resultFor(BAK06VaultRetention, scope, address).message).toContain(
      "enforced retention is 7 days, under 30",
    );
    expectFails(BAK06VaultRetention, scope, address);
    const text = verdictAfter(BAK06VaultRetention, VAULT, (v) => {
      v.backup_minimum_enforced_retention_duration = "30d";
    });
    expect(text.status).toBe("fail");
  });

  test("backup_minimum_enforced_retention_duration null (unset: nothing enforced) fails", () => {
    const { scope, address } = scopeAfter(
      VAULT,
      (v) => (v.backup_minimum_enforced_retention_duration = null),
    );
    expectFails(BAK06VaultRetention, scope, address);
  });
});
