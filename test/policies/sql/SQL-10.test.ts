import { SQL10LogErrorVerbosity } from "../../../policies/controls/sql/SQL-10-log-error-verbosity";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-10 Error verbosity DEFAULT or terser", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL10LogErrorVerbosity, prodSql().scope);
  });

  test("fails when log_error_verbosity = verbose", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_error_verbosity", "verbose"));
    expectFails(SQL10LogErrorVerbosity, scope, address);
    expect(resultFor(SQL10LogErrorVerbosity, scope, address).message).toContain(
      "log_error_verbosity = verbose; expected",
    );
  });
});
