import { SQL14LogMinDurationStatement } from "../../../policies/controls/sql/SQL-14-log-min-duration-statement";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-14 Statement text not logged by duration", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL14LogMinDurationStatement, prodSql().scope);
  });

  test("fails when log_min_duration_statement = 0", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_min_duration_statement", "0"));
    expectFails(SQL14LogMinDurationStatement, scope, address);
    expect(resultFor(SQL14LogMinDurationStatement, scope, address).message).toContain(
      "log_min_duration_statement = 0; expected",
    );
  });

  test("an unset flag is judged by PostgreSQL's default (-1: passes)", () => {
    expectPasses(
      SQL14LogMinDurationStatement,
      prodSql((i) => setFlag(i, "log_min_duration_statement", undefined)).scope,
    );
  });
});
