import { SQL08LogConnections } from "../../../policies/controls/sql/SQL-08-log-connections";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { scopeWithUnknown, verdictAfter } from "../../support/environment";
import { SQL, prodSql, setFlag } from "./fixture";

describe("SQL-08 Connections logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL08LogConnections, prodSql().scope);
  });

  test("fails when log_connections = off", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_connections", "off"));
    expectFails(SQL08LogConnections, scope, address);
    expect(resultFor(SQL08LogConnections, scope, address).message).toContain(
      "log_connections = off; expected",
    );
  });

  test("settings.database_flags = null fails (unset: log_connections is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL08LogConnections, scope, address);
  });

  test("an unset flag is judged by PostgreSQL's default (off)", () => {
    const connections = verdictAfter(SQL08LogConnections, SQL, (i) =>
      setFlag(i, "log_connections", undefined),
    );
    expect(connections.message).toContain("not set (PostgreSQL default off)");
    expect(connections.status).toBe("fail");
  });

  test("is unknown when settings.database_flags is known only after apply", () => {
    const { scope, address } = scopeWithUnknown(SQL, "settings.database_flags");
    expect(run(SQL08LogConnections, scope)).toEqual([`${address}: unknown`]);
  });

  test("does not apply to a MySQL instance", () => {
    const result = verdictAfter(SQL08LogConnections, SQL, (i) => (i.database_version = "MYSQL_8_0"));
    expect(result.status).toBe("not-applicable");
  });
});
