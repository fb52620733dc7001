import { backupScript, terraformLiteral } from "../../../constructs/bak/scripts";
import { shellcheck } from "../../support/shellcheck";

describe("backup job scripts", () => {
  test.each(["sql-export.sh", "sql-restore-drill.sh", "vault-snapshot.sh"] as const)(
    "%s passes shellcheck",
    (name) => {
      expect(shellcheck(backupScript(name))).toEqual([]);
    },
  );

  test.each(["sql-export.sh", "sql-restore-drill.sh", "vault-snapshot.sh"] as const)(
    "%s is carried self-contained: the shared JSON-line library inlined once, no file sourced",
    (name) => {
      const text = backupScript(name);
      expect(text.match(/^json_string\(\) \{$/gm)).toHaveLength(1);
      expect(text.match(/^json_fields\(\) \{$/gm)).toHaveLength(1);
      expect(text).not.toMatch(/^\s*(\.|source) /m);
    },
  );

  test("terraformLiteral escapes interpolations and directives, and only them", () => {
    expect(terraformLiteral('a ${b} %{if} $c %d "${#x[@]}"')).toBe('a $${b} %%{if} $c %d "$${#x[@]}"');
  });
});
