import { backupScript, terraformLiteral } from "../../../constructs/bak/scripts";
import { shellcheck } from "../../support/shellcheck";

describe("backup job scripts", () => {
  test.each(["sql-export.sh", "sql-restore-drill.sh", "vault-snapshot.sh"] as const)(
    "%s passes shellcheck",
    (name) => {
      expect(shellcheck(backupScript(name))).toEqual([]);
    },
  );

  test("terraformLiteral escapes interpolations and directives, and only them", () => {
    expect(terraformLiteral('a ${b} %{if} $c %d "${#x[@]}"')).toBe('a $${b} %%{if} $c %d "$${#x[@]}"');
  });
});
