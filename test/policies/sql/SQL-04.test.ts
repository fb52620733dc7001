import { SQL04DeletionProtection } from "../../../policies/controls/sql/SQL-04-deletion-protection";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { verdictAfter } from "../../support/environment";
import { SQL, prodSql } from "./fixture";

describe("SQL-04 Cloud SQL deletion protection in Terraform and in the API", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL04DeletionProtection, prodSql().scope);
  });

  test("Terraform deletion protection off fails", () => {
    const { scope, address } = prodSql((i) => (i.deletion_protection = false));
    expectFails(SQL04DeletionProtection, scope, address);
  });

  test("API deletion protection off fails", () => {
    const result = verdictAfter(
      SQL04DeletionProtection,
      SQL,
      (i) => (i.settings.deletion_protection_enabled = false),
    );
    expect(result.message).toContain("the API can delete the instance");
  });

  test("settings.deletion_protection_enabled = null fails (unset: the API can delete the instance)", () => {
    const { scope, address } = prodSql((i) => (i.settings.deletion_protection_enabled = null));
    expectFails(SQL04DeletionProtection, scope, address);
  });

  test("Terraform's default (true) counts as protected", () => {
    expectPasses(SQL04DeletionProtection, prodSql((i) => delete i.deletion_protection).scope);
  });

  test("deletion_protection = null reads as Terraform's default (true)", () => {
    expectPasses(SQL04DeletionProtection, prodSql((i) => (i.deletion_protection = null)).scope);
  });
});
