import { SQL13LogMinErrorStatement } from "../../../policies/controls/sql/SQL-13-log-min-error-statement";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-13 Failing statements logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL13LogMinErrorStatement, prodSql().scope);
  });

  test("fails when log_min_error_statement = fatal", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_min_error_statement", "fatal"));
    expectFails(SQL13LogMinErrorStatement, scope, address);
    expect(resultFor(SQL13LogMinErrorStatement, scope, address).message).toContain(
      "log_min_error_statement = fatal; expected",
    );
  });
});
