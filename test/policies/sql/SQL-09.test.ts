import { SQL09LogDisconnections } from "../../../policies/controls/sql/SQL-09-log-disconnections";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-09 Disconnections logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL09LogDisconnections, prodSql().scope);
  });

  test("fails when log_disconnections = off", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_disconnections", "off"));
    expectFails(SQL09LogDisconnections, scope, address);
    expect(resultFor(SQL09LogDisconnections, scope, address).message).toContain(
      "log_disconnections = off; expected",
    );
  });

  test("settings.database_flags = null fails (unset: log_disconnections is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL09LogDisconnections, scope, address);
  });
});
