import { SQL16LogLockWaits } from "../../../policies/controls/sql/SQL-16-log-lock-waits";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-16 Lock waits logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL16LogLockWaits, prodSql().scope);
  });

  test("fails when log_lock_waits = off", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_lock_waits", "off"));
    expectFails(SQL16LogLockWaits, scope, address);
    expect(resultFor(SQL16LogLockWaits, scope, address).message).toContain("log_lock_waits = off; expected");
  });

  test("settings.database_flags = null fails (unset: log_lock_waits is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL16LogLockWaits, scope, address);
  });
});
