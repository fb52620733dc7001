import { SQL17LogTempFiles } from "../../../policies/controls/sql/SQL-17-log-temp-files";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodSql, setFlag } from "./fixture";

describe("SQL-17 Temporary files logged", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL17LogTempFiles, prodSql().scope);
  });

  test("fails when log_temp_files = -1", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "log_temp_files", "-1"));
    expectFails(SQL17LogTempFiles, scope, address);
    expect(resultFor(SQL17LogTempFiles, scope, address).message).toContain("log_temp_files = -1; expected");
  });

  test("settings.database_flags = null fails (unset: log_temp_files is PostgreSQL's default)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL17LogTempFiles, scope, address);
  });
});
