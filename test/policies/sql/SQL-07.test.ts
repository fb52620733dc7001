import { SQL07Pgaudit } from "../../../policies/controls/sql/SQL-07-pgaudit";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-07 pgAudit enabled", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL07Pgaudit, prodSql().scope);
  });

  test("fails when cloudsql.enable_pgaudit = off", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "cloudsql.enable_pgaudit", "off"));
    expectFails(SQL07Pgaudit, scope, address);
    expect(resultFor(SQL07Pgaudit, scope, address).message).toContain(
      "cloudsql.enable_pgaudit = off; expected",
    );
  });

  test("settings.database_flags = null fails (unset: cloudsql.enable_pgaudit is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL07Pgaudit, scope, address);
  });

  test("pgAudit on but recording no statement class fails", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "pgaudit.log", "none"));
    expectFails(SQL07Pgaudit, scope, address);
  });
});
