import { SQL06IamAuthentication } from "../../../policies/controls/sql/SQL-06-iam-authentication";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { verdictAfter } from "../../support/environment";
import { SQL, prodSql, setFlag } from "./fixture";

describe("SQL-06 Database logins use IAM, never a password in Terraform", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL06IamAuthentication, prodSql().scope);
  });

  test("IAM authentication off fails", () => {
    const { scope, address } = prodSql((i) => setFlag(i, "cloudsql.iam_authentication", "off"));
    expectFails(SQL06IamAuthentication, scope, address);
  });

  test("database_flags = null fails (unset: IAM authentication off)", () => {
    const { scope, address } = prodSql((i) => (i.settings.database_flags = null));
    expectFails(SQL06IamAuthentication, scope, address);
  });

  test("a root password or a user with a password in the configuration fails", () => {
    const root = prodSql((i) => (i.root_password = "hunter2"));
    expectFails(SQL06IamAuthentication, root.scope, root.address);
    const result = verdictAfter(SQL06IamAuthentication, SQL, (_instance, stacks) => {
      const data = stacks["prod-data"];
      data.resource!.google_sql_user.app_password = {
        instance: `\${google_sql_database_instance.${Object.keys(data.resource!.google_sql_database_instance)[0]}.name}`,
        name: "app",
        password: "hunter2",
      };
    });
    expect(result.message).toContain("google_sql_user.app_password");
  });

  test("root_password = null is no password", () => {
    expectPasses(SQL06IamAuthentication, prodSql((i) => (i.root_password = null)).scope);
  });
});
