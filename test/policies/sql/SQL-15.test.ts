import { SQL15LogCheckpoints } from "../../../policies/controls/sql/SQL-15-log-checkpoints";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-15 Checkpoints logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL15LogCheckpoints, prodSql().scope);
  });

  test("fails when log_checkpoints = off", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_checkpoints", "off"));
    expectFails(SQL15LogCheckpoints, scope, address);
    expect(resultFor(SQL15LogCheckpoints, scope, address).message).toContain(
      "log_checkpoints = off; expected",
    );
  });

  test("settings.database_flags = null fails (unset: log_checkpoints is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL15LogCheckpoints, scope, address);
  });
});
