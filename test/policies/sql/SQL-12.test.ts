import { SQL12LogMinMessages } from "../../../policies/controls/sql/SQL-12-log-min-messages";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-12 Warnings and errors logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL12LogMinMessages, prodSql().scope);
  });

  test("fails when log_min_messages = error", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_min_messages", "error"));
    expectFails(SQL12LogMinMessages, scope, address);
    expect(resultFor(SQL12LogMinMessages, scope, address).message).toContain(
      "log_min_messages = error; expected",
    );
  });

  test("settings.database_flags = null fails (unset: log_min_messages is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL12LogMinMessages, scope, address);
  });
});
