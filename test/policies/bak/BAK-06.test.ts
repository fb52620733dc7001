import { BAK06VaultRetention } from "../../../policies/controls/bak/BAK-06-vault-retention";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { verdictAfter } from "../../support/environment";
import { DAY, VAULT, prodScope, scopeAfter } from "./fixture";

describe("BAK-06 Backup vault enforces 30-day retention", () => {
  test("prod: the vault enforces 30 days", () => {
    expectPasses(BAK06VaultRetention, prodScope());
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
