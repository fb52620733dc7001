import { SQL11LogStatement } from "../../../policies/controls/sql/SQL-11-log-statement";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-11 Schema changes logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL11LogStatement, prodSql().scope);
  });

  test("fails when log_statement = none", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_statement", "none"));
    expectFails(SQL11LogStatement, scope, address);
    expect(resultFor(SQL11LogStatement, scope, address).message).toContain("log_statement = none; expected");
  });

  test("settings.database_flags = null fails (unset: log_statement is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL11LogStatement, scope, address);
  });
});
